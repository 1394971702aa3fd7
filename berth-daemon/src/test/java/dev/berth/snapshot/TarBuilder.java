package dev.berth.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds small tar archives, hostile ones included, for layer tests. */
final class TarBuilder {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  TarBuilder() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  TarBuilder dir(String name, int mode) {
    var e = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
    e.setMode(mode);
    return put(e, null);
  }

  TarBuilder file(String name, String content) {
    return file(name, content, 0644, 0, 0);
  }

  TarBuilder file(String name, String content, int mode, int uid, int gid) {
    var e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    var data = content.getBytes(StandardCharsets.UTF_8);
    e.setSize(data.length);
    e.setMode(mode);
    e.setUserId(uid);
    e.setGroupId(gid);
    e.setModTime(FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
    return put(e, data);
  }

  TarBuilder symlink(String name, String target) {
    var e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    e.setLinkName(target);
    return put(e, null);
  }

  TarBuilder hardlink(String name, String target) {
    var e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    e.setLinkName(target);
    return put(e, null);
  }

  TarBuilder xattr(String name, String key, String value) {
    var e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setSize(0);
    e.setMode(0644);
    e.addPaxHeader("SCHILY.xattr." + key, value);
    return put(e, new byte[0]);
  }

  private TarBuilder put(TarArchiveEntry e, byte[] data) {
    try {
      tar.putArchiveEntry(e);
      if (data != null) {
        tar.write(data);
      }
      tar.closeArchiveEntry();
      return this;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  byte[] build() {
    try {
      tar.close();
      return bytes.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
