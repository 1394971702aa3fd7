package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void acceptsDockerNamesWithOrWithoutSlash() {
    assertThat(Names.canonical("web")).isEqualTo("/web");
    assertThat(Names.canonical("/my_app.v2-1")).isEqualTo("/my_app.v2-1");
  }

  @Test
  void refusesWhatDockerdRefuses() {
    assertThatThrownBy(() -> Names.canonical("bad/name")).isInstanceOf(InvalidArgument.class)
        .hasMessage("Invalid container name (bad/name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    assertThatThrownBy(() -> Names.canonical("a")).isInstanceOf(InvalidArgument.class);
    assertThatThrownBy(() -> Names.canonical("_x")).isInstanceOf(InvalidArgument.class);
  }

  @Test
  void generatedNamesAreValidAndGetADigitOnRetries() {
    var random = new Random(1);
    for (int i = 0; i < 200; i++) {
      var name = Names.generate(random, 0);
      assertThat(name).matches("[a-z]+_[a-z]+");
      assertThat(Names.canonical(name)).isEqualTo("/" + name);
    }
    assertThat(Names.generate(random, 1)).matches("[a-z]+_[a-z]+[0-9]");
  }
}
