package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
  @Test
  void parsesDockersKeyNames() {
    assertThat(DetachKeys.parse("ctrl-p,ctrl-q").bytes()).containsExactly(16, 17);
    assertThat(DetachKeys.parse("").bytes()).containsExactly(16, 17);
    assertThat(DetachKeys.parse("ctrl-a,b,DEL,ctrl-@,ctrl-_").bytes()).containsExactly(1, 'b', 127, 0, 31);
  }

  @Test
  void refusesWhatMobyRefusesWithItsText() {
    assertThatThrownBy(() -> DetachKeys.parse("foo")).hasMessage("Unknown character: 'foo'");
    assertThatThrownBy(() -> DetachKeys.parse("ctrl-P")).hasMessage("Unknown character: 'ctrl-P'");
    assertThatThrownBy(() -> DetachKeys.parse("a,,b")).hasMessage("Unknown character: ''");
    assertThatThrownBy(() -> DetachKeys.parse("ctrl-,")).hasMessage("Unknown character: 'ctrl-'");
  }

  @Test
  void theWholeSequenceDetachesAndIsNotPassedOn() {
    var out = new ByteArrayOutputStream();
    var in = DetachKeys.DEFAULT.watch(chunks("ls", "\u0010", "\u0011", "after"));
    assertThatThrownBy(() -> copy(in, out)).isInstanceOf(DetachKeys.Detached.class);
    assertThat(out.toString()).isEqualTo("ls");
  }

  @Test
  void keysThatArriveTogetherInOneReadAreTextAsInDockerd() throws IOException {
    var out = new ByteArrayOutputStream();
    copy(DetachKeys.DEFAULT.watch(chunks("echo\u0010\u0011rest", "\u0010\u0011")), out);
    assertThat(out.toString()).isEqualTo("echo\u0010\u0011rest\u0010\u0011");
  }

  @Test
  void aOneKeySequenceDetachesAtOnce() {
    var out = new ByteArrayOutputStream();
    var in = DetachKeys.parse("ctrl-a").watch(chunks("ab", "\u0001", "more"));
    assertThatThrownBy(() -> copy(in, out)).isInstanceOf(DetachKeys.Detached.class);
    assertThat(out.toString()).isEqualTo("ab");
  }

  @Test
  void aPartialMatchFollowedByOtherKeysPassesThroughUnchanged() throws IOException {
    var out = new ByteArrayOutputStream();
    copy(DetachKeys.DEFAULT.watch(chunks("a", "\u0010", "x", "\u0010", "\u0010", "\u0011", "b")), out);
    // as moby/term's escape proxy: the key after a broken match is not tried as a new start
    assertThat(out.toString()).isEqualTo("a\u0010x\u0010\u0010\u0011b");
  }

  @Test
  void heldKeysReachTheProcessAtEndOfInput() throws IOException {
    var out = new ByteArrayOutputStream();
    copy(DetachKeys.parse("ctrl-a,ctrl-b,ctrl-c").watch(chunks("z", "\u0001", "\u0002")), out);
    assertThat(out.toString()).isEqualTo("z\u0001\u0002");
  }

  @Test
  void attachRefusesBadKeysWithDockerdsText() {
    assertThatThrownBy(() -> AttachOptions.detachKeys("foo"))
        .isInstanceOf(dev.berth.engine.error.InvalidArgument.class)
        .hasMessage("Invalid detach keys (foo) provided");
  }

  /** A stream whose reads return these pieces one by one, as separate network packets would. */
  private static InputStream chunks(String... pieces) {
    List<InputStream> parts = java.util.Arrays.stream(pieces)
        .map(p -> (InputStream) new ByteArrayInputStream(p.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).toList();
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
    var buf = new byte[64];
    int n;
    while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
  }
}
