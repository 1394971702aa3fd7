package dev.berth.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NativeSha256Test {
  private final Random random = new Random(42);

  @BeforeEach
  void libcryptoPresent() {
    assumeTrue(NativeSha256.AVAILABLE, "libcrypto.so.3 not installed");
  }

  @Test
  void matchesTheJdkForEveryMixOfSmallAndLargeUpdates() throws Exception {
    for (int round = 0; round < 40; round++) {
      var jdk = MessageDigest.getInstance("SHA-256");
      var ours = new NativeSha256();
      int updates = random.nextInt(30);
      for (int i = 0; i < updates; i++) {
        var data = new byte[random.nextInt(3) == 0 ? random.nextInt(3 << 20) : random.nextInt(600)];
        random.nextBytes(data);
        int off = data.length == 0 ? 0 : random.nextInt(data.length);
        int len = data.length - off;
        if (random.nextBoolean() && len > 0) {
          jdk.update(data[off]);
          ours.update(data[off]);
        } else {
          jdk.update(data, off, len);
          ours.update(data, off, len);
        }
      }
      assertThat(ours.digest()).isEqualTo(jdk.digest());
    }
  }

  @Test
  void digestResetsSoTheNextMessageStartsFresh() {
    var ours = new NativeSha256();
    ours.update("first".getBytes());
    ours.digest();
    ours.update("abc".getBytes());
    assertThat(java.util.HexFormat.of().formatHex(ours.digest()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(java.util.HexFormat.of().formatHex(ours.digest()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void aCloneContinuesIndependently() throws Exception {
    var ours = new NativeSha256();
    ours.update("a".getBytes());
    var copy = (MessageDigest) ours.clone();
    ours.update("bc".getBytes());
    copy.update("b".getBytes());
    assertThat(java.util.HexFormat.of().formatHex(ours.digest()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(copy.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest("ab".getBytes()));
  }
}
