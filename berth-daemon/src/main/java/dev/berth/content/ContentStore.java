package dev.berth.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Blobs by digest under {@code <root>/blobs/sha256/<hex>}. A blob is written to a temp file in the
 * same folder, fsynced, checked against its digest and only then renamed into place, so a blob
 * that exists is whole and correct: reads verify nothing again. Thread-safe: concurrent writers of
 * the same blob each write their own temp file and the rename is idempotent.
 */
public final class ContentStore {
  private final Path blobs;

  public ContentStore(Path root) {
    this.blobs = root.resolve("blobs").resolve(Digest.SHA256);
    try {
      Files.createDirectories(blobs);
      removeTemps();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public Path path(Digest digest) {
    return blobs.resolve(digest.hex());
  }

  public boolean exists(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  public long size(Digest digest) throws IOException {
    return Files.size(path(digest));
  }

  /** Opens a stored blob; NoSuchFileException when absent. The caller closes the stream. */
  public InputStream open(Digest digest) throws IOException {
    return Files.newInputStream(path(digest));
  }

  public byte[] read(Digest digest) throws IOException {
    return Files.readAllBytes(path(digest));
  }

  public Digest write(byte[] bytes) throws IOException {
    return write(new java.io.ByteArrayInputStream(bytes), Digest.of(bytes));
  }

  /**
   * Stores the stream's bytes. With {@code expected} non-null the content must hash to it, else
   * {@link DigestMismatchException} and nothing is stored; with null the blob is stored under the
   * digest it hashes to. Returns the digest.
   */
  public Digest write(InputStream in, Digest expected) throws IOException {
    if (expected != null && exists(expected)) {
      in.transferTo(OutputStream.nullOutputStream());
      return expected;
    }
    try (var writer = newWriter()) {
      in.transferTo(writer);
      return writer.publish(expected);
    }
  }

  /** A writer of a new blob whose digest is known at its end (the caller closes it). */
  public BlobWriter newWriter() throws IOException {
    return new BlobWriter(this, blobs);
  }

  /**
   * Takes {@code file} (on this store's filesystem, e.g. a resumed download) in as the blob
   * {@code expected}: hashes it, fsyncs it and renames it into place, or throws
   * {@link DigestMismatchException} and leaves it. The file is gone after a success.
   */
  public void adopt(Path file, Digest expected) throws IOException {
    var md = Digest.sha256();
    try (var ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        var in = Channels.newInputStream(ch)) {
      var buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      ch.force(true);
    }
    var actual = Digest.from(md);
    if (!expected.equals(actual)) throw new DigestMismatchException(expected, actual);
    if (exists(expected)) {
      Files.delete(file);
      return;
    }
    Files.move(file, path(expected), StandardCopyOption.ATOMIC_MOVE);
    syncFolder();
  }

  void syncFolder() throws IOException {
    try (var dir = FileChannel.open(blobs, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  /** Deletes a blob; absent is fine. */
  public void delete(Digest digest) throws IOException {
    Files.deleteIfExists(path(digest));
  }

  public List<Digest> list() throws IOException {
    var out = new ArrayList<Digest>();
    try (var names = Files.list(blobs)) {
      for (var p : (Iterable<Path>) names::iterator) {
        var name = p.getFileName().toString();
        if (Digest.isHex64(name)) {
          out.add(Digest.ofHex(name));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    return out;
  }

  private void removeTemps() throws IOException {
    try (var names = Files.list(blobs)) {
      for (var p : (Iterable<Path>) names::iterator) {
        if (p.getFileName().toString().startsWith(".tmp-")) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
