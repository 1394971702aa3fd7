package dev.berth.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessesTest {
  @Test
  void seesItselfAndNotAnImpossiblePid() {
    int self = (int) ProcessHandle.current().pid();
    assertThat(Processes.exists(self)).isTrue();
    assertThat(Processes.command(self)).contains("java");
    assertThat(Processes.exists(Integer.MAX_VALUE - 1)).isFalse();
    assertThat(Processes.command(Integer.MAX_VALUE - 1)).isEmpty();
  }

  @Test
  void killTerminatesAChild() throws Exception {
    var child = new ProcessBuilder("sleep", "30").start();
    Processes.kill((int) child.pid(), 15);
    assertThat(child.waitFor()).isEqualTo(143);
  }
}
