package dev.berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A table of tricky Dockerfiles, checked against what dockerd's parser makes of them. */
class DockerfileParserTest {
  private static Instruction only(String text) {
    var ins = DockerfileParser.parse(text).instructions();
    assertThat(ins).hasSize(1);
    return ins.getFirst();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
    // text | keyword | json | args joined with ¦ | original
    "RUN echo hi | run | false | echo hi | RUN echo hi",
    "run  echo   hi  | run | false | echo   hi | run  echo   hi",
    "RUN [\"echo\", \"a b\"] | run | true | echo¦a b | RUN [\"echo\", \"a b\"]",
    "RUN [\"echo\", 1] | run | false | [\"echo\", 1] | RUN [\"echo\", 1]",
    "RUN [not json | run | false | [not json | RUN [not json",
    "CMD [] | cmd | true |  | CMD []",
    "COPY a b /c/ | copy | false | a¦b¦/c/ | COPY a b /c/",
    "COPY [\"a b\", \"/c\"] | copy | true | a b¦/c | COPY [\"a b\", \"/c\"]",
    "ENV A=1 B=\"x y\" | env | false | A¦1¦B¦\"x y\" | ENV A=1 B=\"x y\"",
    "ENV A x y | env | false | A¦x y | ENV A x y",
    "LABEL \"my key\"=v | label | false | \"my key\"¦v | LABEL \"my key\"=v",
    "ARG A B=2 | arg | false | A¦B=2 | ARG A B=2",
    "FROM busybox AS base | from | false | busybox¦AS¦base | FROM busybox AS base",
    "WORKDIR /a b | workdir | false | /a b | WORKDIR /a b",
    "HEALTHCHECK CMD [\"true\"] | healthcheck | true | CMD¦true | HEALTHCHECK CMD [\"true\"]",
    "HEALTHCHECK --interval=5s CMD true | healthcheck | false | CMD¦true | HEALTHCHECK --interval=5s CMD true",
    "HEALTHCHECK NONE | healthcheck | false | NONE | HEALTHCHECK NONE",
    "ONBUILD RUN echo x | onbuild | false | RUN echo x | ONBUILD RUN echo x",
  })
  void splitsArgumentsAsDockerd(String text, String keyword, boolean json, String args, String original) {
    var ins = only(text);
    assertThat(ins.keyword()).isEqualTo(keyword);
    assertThat(ins.json()).isEqualTo(json);
    assertThat(String.join("¦", ins.args())).isEqualTo(args == null ? "" : args);
    assertThat(ins.original()).isEqualTo(original);
  }

  @Test
  void joinsContinuationsSkippingCommentsAndBlankLines() {
    var df = DockerfileParser.parse("# a comment\nFROM busybox\n\nRUN echo a \\\n# inside\n  b \\\n\n  c\n  # indented comment\nCMD x\n");
    var ins = df.instructions();
    assertThat(ins).extracting(Instruction::keyword).containsExactly("from", "run", "cmd");
    assertThat(ins.get(1).args()).containsExactly("echo a   b   c");
    assertThat(ins.get(1).line()).isEqualTo(4);
    assertThat(ins.get(2).line()).isEqualTo(10);
    assertThat(df.warnings()).hasSize(1);
  }

  @Test
  void escapeDirectiveChangesTheContinuationCharacter() {
    var df = DockerfileParser.parse("# escape=`\n# syntax=docker/dockerfile:1\nFROM busybox\nRUN echo a `\n b\\\n");
    assertThat(df.escape()).isEqualTo('`');
    assertThat(df.syntax()).isEqualTo("docker/dockerfile:1");
    assertThat(df.instructions().get(1).args()).containsExactly("echo a  b\\");
  }

  @Test
  void directivesAfterAnInstructionAreComments() {
    var df = DockerfileParser.parse("FROM busybox\n# escape=`\nRUN a \\\n b\n");
    assertThat(df.escape()).isEqualTo('\\');
    assertThat(df.instructions().get(1).args()).containsExactly("a  b");
  }

  @Test
  void flagsComeBeforeTheArguments() {
    var ins = only("COPY --from=build --chown=1:2 --chmod=644 /src /dst");
    assertThat(ins.flags()).containsExactly("--from=build", "--chown=1:2", "--chmod=644");
    assertThat(ins.flag("from")).contains("build");
    assertThat(ins.flag("platform")).isEmpty();
    assertThat(ins.args()).containsExactly("/src", "/dst");
    assertThat(only("FROM --platform=linux/amd64 busybox").args()).containsExactly("busybox");
  }

  @Test
  void heredocsFollowTheInstruction() {
    var df = DockerfileParser.parse("FROM busybox\nRUN <<EOF\necho one\necho $X\nEOF\nCOPY <<-'END' /f\n\thello\n\tEND\nCMD x\n");
    var run = df.instructions().get(1);
    assertThat(run.heredocs()).containsExactly(new Heredoc("EOF", "echo one\necho $X\n", true, false));
    var copy = df.instructions().get(2);
    assertThat(copy.heredocs()).containsExactly(new Heredoc("END", "hello\n", false, true));
    assertThat(copy.args()).containsExactly("<<-'END'", "/f");
    assertThat(df.instructions().get(3).keyword()).isEqualTo("cmd");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
    "FROM busybox\\nFOO bar | dockerfile parse error line 2: unknown instruction: FOO",
    "FROM | dockerfile parse error line 1: FROM requires either one or three arguments",
    "FROM busybox AS | dockerfile parse error line 1: FROM requires either one or three arguments",
    "FROM busybox\\nCOPY a | dockerfile parse error line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined",
    "FROM busybox\\nENV | dockerfile parse error line 2: ENV requires at least one argument",
    "FROM busybox\\nENV a=b c | failed to parse Dockerfile: Syntax error - can't find = in \"c\". Must be of the form: name=value",
    "FROM busybox\\nEXPOSE | dockerfile parse error line 2: EXPOSE requires at least one argument",
    "FROM busybox\\nONBUILD FROM x | dockerfile parse error line 2: FROM isn't allowed as an ONBUILD trigger",
    "FROM busybox\\nONBUILD ONBUILD RUN x | dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
    "# escape=x\\nFROM busybox | failed to parse Dockerfile: invalid escape token 'x' does not match ` or \\",
    "FROM busybox\\nHEALTHCHECK --interval=bad CMD true | dockerfile parse error line 2: time: invalid duration \"bad\"",
    "FROM busybox\\nWORKDIR | dockerfile parse error line 2: WORKDIR requires exactly one argument",
    "FROM busybox\\nSHELL /bin/sh | dockerfile parse error line 2: SHELL requires the arguments to be in JSON form",
    "FROM busybox\\nCOPY --nope=1 a b | dockerfile parse error line 2: Unknown flag: nope",
    "FROM busybox\\nHEALTHCHECK FOO x | dockerfile parse error line 2: Unknown type \"FOO\" in HEALTHCHECK (try CMD)",
    "FROM busybox\\nRUN <<EOF\\necho | failed to parse Dockerfile: unterminated heredoc EOF",
  })
  void errorsNameTheLineAsDockerd(String text, String message) {
    assertThatThrownBy(() -> DockerfileParser.parse(text.replace("\\n", "\n")))
        .isInstanceOf(InvalidArgument.class).hasMessage(message);
  }

  @Test
  void goDurations() {
    assertThat(DockerfileParser.duration("1m30s")).hasSeconds(90);
    assertThat(DockerfileParser.duration("1.5s").toMillis()).isEqualTo(1500);
    assertThat(DockerfileParser.duration("0")).isZero();
    assertThatThrownBy(() -> DockerfileParser.duration("5")).hasMessage("time: invalid duration \"5\"");
    assertThat(List.of()).isEmpty();
  }
}
