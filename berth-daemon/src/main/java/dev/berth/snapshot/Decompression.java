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
    var buffered = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
    buffered.mark(8);
    var magic = buffered.readNBytes(4);
    buffered.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(buffered, 1 << 16);
    }
    if (magic.length == 4
        && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
        && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
      return new BufferedInputStream(new ZstdInputStream(buffered), 1 << 16);
    }
    if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
      return new BZip2CompressorInputStream(buffered, true);
    }
    return buffered;
  }
}
