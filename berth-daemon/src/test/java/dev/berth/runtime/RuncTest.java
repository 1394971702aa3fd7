package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RuncTest {
  @Test
  void runcMessagesAreTakenFromItsLogLine() {
    var out = "time=\"2026-11-27T19:58:00Z\" level=error msg=\"runc create failed: unable to start container process: "
        + "exec: \\\"/no/such\\\": stat /no/such: no such file or directory\"\n";
    assertThat(Runc.message(out)).isEqualTo(
        "runc create failed: unable to start container process: exec: \"/no/such\": stat /no/such: no such file or directory");
    assertThat(Runc.message("  plain failure\n")).isEqualTo("plain failure");
  }
}
