package dev.berth.engine.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void parsesBearerChallengeWithQuotedParameters() {
    var challenges = AuthChallenge.parse(List.of(
        "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\""));
    assertThat(challenges).hasSize(1);
    var c = challenges.getFirst();
    assertThat(c.scheme()).isEqualTo("bearer");
    assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
    assertThat(c.param("service")).isEqualTo("registry.example");
    assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push");
  }

  @Test
  void parsesSeveralChallengesInOneHeaderAndEscapes() {
    var challenges = AuthChallenge.parse(List.of("Basic realm=\"a \\\"quoted\\\" realm\", Bearer realm=x,service=y"));
    assertThat(challenges).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
    assertThat(challenges.get(0).param("realm")).isEqualTo("a \"quoted\" realm");
    assertThat(challenges.get(1).param("realm")).isEqualTo("x");
    assertThat(challenges.get(1).param("service")).isEqualTo("y");
  }

  @Test
  void schemeAndParameterNamesAreCaseInsensitive() {
    var c = AuthChallenge.parse(List.of("BASIC Realm=\"r\"")).getFirst();
    assertThat(c.scheme()).isEqualTo("basic");
    assertThat(c.param("realm")).isEqualTo("r");
  }

  @Test
  void emptyHeaderGivesNoChallenge() {
    assertThat(AuthChallenge.parse(List.of(""))).isEmpty();
  }
}
