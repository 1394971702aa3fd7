package dev.berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** moby patternmatcher's rules, case by case. */
class IgnorePatternsTest {
  @ParameterizedTest(name = "{0} vs {1}")
  @CsvSource(delimiter = '|', value = {
    "*.log | a.log | true",
    "*.log | dir/a.log | false",
    "**/*.log | dir/sub/a.log | true",
    "**/*.log | a.log | true",
    "dir | dir/sub/file | true",
    "dir/ | dir/file | true",
    "/dir | dir/file | true",
    "./dir | dir/file | true",
    "dir/* | dir | false",
    "dir/* | dir/a/b | true",
    "dir/** | dir/a/b | true",
    "a?c | abc | true",
    "a?c | a/c | false",
    "[a-c].txt | b.txt | true",
    "[^a-c].txt | b.txt | false",
    "file.(x) | file.(x) | true",
    "** | anything/at/all | true",
    "# comment | # comment | false",
  })
  void matchesOneRule(String pattern, String file, boolean excluded) {
    assertThat(IgnorePatterns.parse(pattern).excludes(file)).isEqualTo(excluded);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "'*.md\\n!README.md' | README.md | false",
    "'*.md\\n!README.md' | other.md | true",
    "'*.md\\n!README.md\\n*.md' | README.md | true",
    "'logs\\n!logs/keep.txt' | logs/keep.txt | false",
    "'logs\\n!logs/keep.txt' | logs/drop.txt | true",
    "'**\\n!src\\n' | src/main.c | false",
    "'**\\n!src\\n' | build/out | true",
  })
  void lastMatchingRuleWins(String text, String file, boolean excluded) {
    assertThat(IgnorePatterns.parse(text.replace("\\n", "\n")).excludes(file)).isEqualTo(excluded);
  }
}
