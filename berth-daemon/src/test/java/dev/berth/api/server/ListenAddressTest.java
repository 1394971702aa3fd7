package dev.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ListenAddressTest {
  @Test
  void parsesDockerdHostSyntax() {
    assertThat(ListenAddress.parse("unix:///tmp/a.sock")).isEqualTo(new ListenAddress.Unix(Path.of("/tmp/a.sock")));
    assertThat(ListenAddress.parse("unix://")).isEqualTo(new ListenAddress.Unix(Path.of("/run/berth.sock")));
    assertThat(ListenAddress.parse("tcp://0.0.0.0:2376")).isEqualTo(new ListenAddress.Tcp("0.0.0.0", 2376));
    assertThat(ListenAddress.parse("tcp://:2375")).isEqualTo(new ListenAddress.Tcp("127.0.0.1", 2375));
    assertThat(ListenAddress.parse("tcp://[::1]:5")).isEqualTo(new ListenAddress.Tcp("::1", 5));
    assertThat(ListenAddress.parse("tcp://host")).isEqualTo(new ListenAddress.Tcp("host", 2375));
  }

  @Test
  void refusesUnknownSchemesAndBadPorts() {
    assertThatThrownBy(() -> ListenAddress.parse("fd://")).isInstanceOf(InvalidArgument.class);
    assertThatThrownBy(() -> ListenAddress.parse("tcp://h:xx")).isInstanceOf(InvalidArgument.class);
  }
}
