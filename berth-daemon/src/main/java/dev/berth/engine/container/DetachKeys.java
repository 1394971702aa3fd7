package dev.berth.engine.container;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A detach key sequence as Docker spells it ({@code ctrl-p,ctrl-q}; moby/term {@code ToBytes}):
 * comma-separated keys, each one character, {@code ctrl-@} … {@code ctrl-_} or {@code DEL}.
 * Immutable.
 */
public final class DetachKeys {
  /** Docker's default, Ctrl-P Ctrl-Q. */
  public static final DetachKeys DEFAULT = new DetachKeys(new byte[] {16, 17});
  private static final String CTRL = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

  private final byte[] keys;

  private DetachKeys(byte[] keys) {
    this.keys = keys;
  }

  /**
   * Parses {@code spec}; empty means {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException with moby's text ({@code Unknown character: 'foo'})
   */
  public static DetachKeys parse(String spec) {
    if (spec == null || spec.isEmpty()) return DEFAULT;
    var parts = spec.split(",", -1);
    var out = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) out[i] = key(parts[i]);
    return new DetachKeys(out);
  }

  private static byte key(String key) {
    if (key.length() == 1 && key.charAt(0) < 128) return (byte) key.charAt(0);
    if (key.length() == 6 && key.startsWith("ctrl-")) {
      int code = CTRL.indexOf(key.charAt(5));
      if (code >= 0) return (byte) code;
    }
    if (key.equals("DEL")) return 127;
    throw new IllegalArgumentException("Unknown character: '" + key + "'");
  }

  /** The key codes, as dockerd shows them (exec inspect's base64 {@code DetachKeys}). */
  public byte[] bytes() {
    return keys.clone();
  }

  /** {@code in} with this sequence taken out: reading it throws {@link Detached} once the sequence was typed. */
  public InputStream watch(InputStream in) {
    return new DetachingInput(in, keys);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DetachKeys d && Arrays.equals(keys, d.keys);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(keys);
  }

  @Override
  public String toString() {
    return Arrays.toString(keys);
  }

  /** The client typed the detach sequence (moby/term {@code EscapeError}). */
  public static final class Detached extends IOException {
    public Detached() {
      super("read escape sequence");
    }
  }
}
