package dev.berth.content;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.os.NativeSha256;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content digest, {@code sha256:<64 lowercase hex>}: the only algorithm Docker image IDs, layer
 * diff IDs and registry blobs use. Checked when built; serialized as its string form.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
  public static final String SHA256 = "sha256";

  public Digest {
    if (!SHA256.equals(algorithm)) {
      throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    }
    if (!isHex64(hex)) {
      throw new IllegalArgumentException("invalid checksum digest format");
    }
  }

  /** Parses {@code sha256:<hex>}; throws IllegalArgumentException with the distribution library's texts. */
  @JsonCreator
  public static Digest parse(String value) {
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("invalid checksum digest format");
    }
    return new Digest(value.substring(0, colon), value.substring(colon + 1));
  }

  public static Digest ofHex(String hex) {
    return new Digest(SHA256, hex);
  }

  public static Digest of(byte[] bytes) {
    return from(sha256().digest(bytes));
  }

  public static Digest from(MessageDigest finished) {
    return from(finished.digest());
  }

  private static Digest from(byte[] raw) {
    return new Digest(SHA256, HexFormat.of().formatHex(raw));
  }

  /** A fresh SHA-256: libcrypto's when present (much faster under C1, see {@link NativeSha256}), else the JDK's. */
  public static MessageDigest sha256() {
    if (NativeSha256.AVAILABLE) {
      return new NativeSha256();
    }
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean isHex64(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The 12-character form dockerd prints ({@code stringid.TruncateID}). */
  public String shortHex() {
    return hex.substring(0, 12);
  }

  @JsonValue
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  @Override
  public int compareTo(Digest o) {
    return toString().compareTo(o.toString());
  }
}
