package dev.berth.engine.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryAuthHeaderTest {
  private static String url(String json, boolean padded) {
    var encoder = padded ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding();
    return encoder.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void emptyObjectMeansNoCredentials() {
    assertThat(RegistryAuthHeader.decode("e30=")).isEqualTo(AuthConfig.NONE);
    assertThat(RegistryAuthHeader.decode("e30")).isEqualTo(AuthConfig.NONE);
    assertThat(RegistryAuthHeader.decode(null)).isEqualTo(AuthConfig.NONE);
  }

  @Test
  void decodesPaddedAndUnpaddedBase64Url() {
    var json = "{\"username\":\"alice\",\"password\":\"s3cr?t>>\",\"serveraddress\":\"127.0.0.1:5000\"}";
    for (var padded : new boolean[] {true, false}) {
      var auth = RegistryAuthHeader.decode(url(json, padded));
      assertThat(auth.username()).isEqualTo("alice");
      assertThat(auth.password()).isEqualTo("s3cr?t>>");
      assertThat(auth.serverAddress()).isEqualTo("127.0.0.1:5000");
    }
  }

  @Test
  void readsTheAuthFieldAndIdentityToken() {
    var pair = Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8));
    var auth = RegistryAuthHeader.decode(url("{\"auth\":\"" + pair + "\",\"identitytoken\":\"tok\"}", false));
    assertThat(auth.username()).isEqualTo("bob");
    assertThat(auth.password()).isEqualTo("pw");
    assertThat(auth.identityToken()).isEqualTo("tok");
  }

  @Test
  void garbageCountsAsNoCredentials() {
    assertThat(RegistryAuthHeader.decode("!!!not base64")).isEqualTo(AuthConfig.NONE);
    assertThat(RegistryAuthHeader.decode(url("[1,2]", true))).isEqualTo(AuthConfig.NONE);
  }
}
