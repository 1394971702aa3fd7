package dev.berth.engine.image;

import dev.berth.content.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Small image archives in the layouts {@code docker load} accepts. */
final class Archives {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  Archives() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  /** A one-file layer tar. */
  static byte[] layer(String name, String content) {
    var a = new Archives();
    a.file(name, content.getBytes(StandardCharsets.UTF_8));
    return a.build();
  }

  static byte[] gzip(byte[] data) {
    var out = new ByteArrayOutputStream();
    try (var gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] config(List<Digest> diffIds, String created, String labels) {
    var ids = String.join(",", diffIds.stream().map(d -> "\"" + d + "\"").toList());
    return ("{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"sh\"],\"Labels\":" + labels + "},\"created\":\"" + created
        + "\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + ids + "]}}").getBytes(StandardCharsets.UTF_8);
  }

  Archives file(String name, byte[] data) {
    var e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setSize(data.length);
    e.setMode(0644);
    try {
      tar.putArchiveEntry(e);
      tar.write(data);
      tar.closeArchiveEntry();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }

  Archives file(String name, String text) {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  Archives symlink(String name, String target) {
    var e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    e.setLinkName(target);
    try {
      tar.putArchiveEntry(e);
      tar.closeArchiveEntry();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return this;
  }

  byte[] build() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
