package dev.berth.snapshot;

import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/** Detects a stream's compression by its magic bytes (as dockerd does) and undoes it. */
public final class Decompression {
  private Decompression() {}

  /** Returns a stream of the uncompressed bytes of {@code in}: gzip, zstd, bzip2 or plain. */
  public static InputStream open(InputStream in) throws IOException {
    var buffered = buffered(in);
    var magic = magic(buffered);
    if (isGzip(magic)) {
      return new GZIPInputStream(buffered, 1 << 16);
    }
    if (isZstd(magic)) {
      return new BufferedInputStream(new ZstdInputStream(buffered), 1 << 16);
    }
    if (isBzip2(magic)) {
      return new BZip2CompressorInputStream(buffered, true);
    }
    return buffered;
  }

  /** {@code in} itself when it supports mark/reset, else {@code in} buffered. */
  static InputStream buffered(InputStream in) {
    return in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
  }

  /** Whether {@code buffered} (supporting mark/reset; nothing is consumed) starts with no known compression's magic. */
  static boolean isPlain(InputStream buffered) throws IOException {
    var magic = magic(buffered);
    return !isGzip(magic) && !isZstd(magic) && !isBzip2(magic);
  }

  private static byte[] magic(InputStream buffered) throws IOException {
    buffered.mark(8);
    var magic = buffered.readNBytes(4);
    buffered.reset();
    return magic;
  }

  private static boolean isGzip(byte[] m) {
    return m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b;
  }

  private static boolean isZstd(byte[] m) {
    return m.length == 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd;
  }

  private static boolean isBzip2(byte[] m) {
    return m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h';
  }
}
