package dev.berth.engine.distribution;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** sha256 digests in their {@code sha256:<hex>} text form. */
final class Digests {
  private static final Pattern VALID = Pattern.compile("sha256:[a-f0-9]{64}");

  private Digests() {}

  static String requireValid(String digest) {
    if (digest == null || !VALID.matcher(digest).matches()) {
      throw new IllegalArgumentException("invalid digest: " + digest);
    }
    return digest;
  }

  static boolean isValid(String digest) {
    return digest != null && VALID.matcher(digest).matches();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String of(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(sha256().digest(bytes));
  }

  static String of(MessageDigest finished) {
    return "sha256:" + HexFormat.of().formatHex(finished.digest());
  }

  /** The 12-hex short form the progress stream uses as layer ids. */
  static String shortId(String digest) {
    return digest.substring(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
  }
}
