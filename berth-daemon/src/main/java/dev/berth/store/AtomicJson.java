package dev.berth.store;

import dev.berth.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Durable metadata files: temp file in the same folder, fsync, atomic rename, fsync the folder. A
 * reader sees the old file or the new one, never a torn write, even after a crash.
 */
public final class AtomicJson {
  private AtomicJson() {}

  public static void write(Path file, Object value) {
    try {
      writeBytes(file, Json.mapper().writeValueAsBytes(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void writeBytes(Path file, byte[] bytes) throws IOException {
    var dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    var tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (var ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        var buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("atomic rename not supported in " + dir, e);
      }
      fsyncDir(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static <T> Optional<T> read(Path file, Class<T> type) {
    try {
      return Optional.of(Json.mapper().readValue(file.toFile(), type));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      throw new UncheckedIOException(e);
    }
  }

  public static void fsyncDir(Path dir) throws IOException {
    try (var ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
