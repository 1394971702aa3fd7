package dev.berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellLexTest {
  private static final Map<String, String> ENV = Map.of("A", "a", "EMPTY", "", "P", "/usr/bin");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "$A | a",
    "${A} | a",
    "x${A}y | xay",
    "$A$A/$P | aa//usr/bin",
    "$NOPE | ~~",
    "${NOPE:-def} | def",
    "${EMPTY:-def} | def",
    "${EMPTY-def} | ~~",
    "${NOPE-def} | def",
    "${A:-def} | a",
    "${A:+alt} | alt",
    "${EMPTY:+alt} | ~~",
    "${EMPTY+alt} | alt",
    "${NOPE:+alt} | ~~",
    "${NOPE:-${A}x} | ax",
    "'$A' | $A",
    "\"$A b\" | a b",
    "\"x\\\"y\" | x\"y",
    "\\$A | $A",
    "a\\ b | a b",
    "$ | $",
    "$-x | $-x",
    "\"'$A'\" | 'a'",
  })
  void expandsAsBuildkit(String word, String expected) {
    assertThat(ShellLex.processWord(word, ENV, '\\')).isEqualTo(expected == null ? "" : expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "${A | syntax error: missing '}'",
    "${A!x} | unsupported modifier (!) in substitution",
    "'open | unexpected end of statement while looking for matching single-quote",
    "${NOPE:?must be set} | NOPE: must be set",
  })
  void rejectsBadSubstitutions(String word, String message) {
    assertThatThrownBy(() -> ShellLex.processWord(word, ENV, '\\')).hasMessage(message);
  }

  @org.junit.jupiter.api.Test
  void heredocBodiesKeepTheirQuotes() {
    assertThat(ShellLex.processHeredoc("echo \"$A\" '$A' \\$A a\\nb\n", ENV, '\\')).isEqualTo("echo \"a\" 'a' $A a\\nb\n");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"`$A | $A", "a`$A | a$A", "C:\\dir | C:\\dir"})
  void backtickEscape(String word, String expected) {
    assertThat(ShellLex.processWord(word, ENV, '`')).isEqualTo(expected);
  }
}
