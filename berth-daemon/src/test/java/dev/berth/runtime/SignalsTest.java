package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import org.junit.jupiter.api.Test;

class SignalsTest {
  @Test
  void parsesNamesWithAndWithoutPrefixInAnyCaseAndNumbers() {
    assertThat(Signals.parse("SIGTERM")).isEqualTo(15);
    assertThat(Signals.parse("TERM")).isEqualTo(15);
    assertThat(Signals.parse("term")).isEqualTo(15);
    assertThat(Signals.parse("sigkill")).isEqualTo(9);
    assertThat(Signals.parse("15")).isEqualTo(15);
    assertThat(Signals.parse("SIGUSR1")).isEqualTo(10);
    assertThat(Signals.parse("RTMIN+3")).isEqualTo(37);
    assertThat(Signals.parse("SIGRTMAX")).isEqualTo(64);
    assertThat(Signals.parse("CLD")).isEqualTo(17);
  }

  @Test
  void rejectsUnknownWithDockerdsMessage() {
    assertThatThrownBy(() -> Signals.parse("FOO")).isInstanceOf(InvalidArgument.class).hasMessage("Invalid signal: FOO");
    assertThatThrownBy(() -> Signals.parse("0")).hasMessage("Invalid signal: 0");
    assertThatThrownBy(() -> Signals.parse("-1")).hasMessage("Invalid signal: -1");
    assertThatThrownBy(() -> Signals.parse("99999999999")).hasMessage("Invalid signal: 99999999999");
    assertThatThrownBy(() -> Signals.parse("")).hasMessage("Invalid signal: ");
  }

  @Test
  void namesNumbers() {
    assertThat(Signals.name(15)).contains("SIGTERM");
    assertThat(Signals.name(6)).contains("SIGABRT");
    assertThat(Signals.name(17)).contains("SIGCHLD");
    assertThat(Signals.name(29)).contains("SIGIO");
    assertThat(Signals.name(40)).contains("SIGRTMIN+6");
    assertThat(Signals.name(99)).isEmpty();
  }
}
