package dev.berth.content;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * A blob being written into a {@link ContentStore}: bytes go to a temp file in the blobs folder
 * (removed at the next start if a crash leaves it) and are hashed on the way. {@link #seal} ends
 * the bytes (fsync, digest); {@link #publish} renames the sealed file into place under its digest,
 * so a blob that exists is whole and correct. {@link #close} deletes the temp file unless it was
 * published. Lets a caller write a blob while doing something else with the same bytes (unpacking
 * a layer) and choose when the blob becomes visible. One writer, one thread.
 */
public final class BlobWriter extends OutputStream {
  private final ContentStore store;
  private final Path tmp;
  private final FileChannel channel;
  private final MessageDigest md = Digest.sha256();
  private final OutputStream out;
  private Digest digest;
  private boolean published;
  private boolean closed;

  BlobWriter(ContentStore store, Path dir) throws IOException {
    this.store = store;
    this.tmp = Files.createTempFile(dir, ".tmp-", "");
    this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
    this.out = new DigestOutputStream(Channels.newOutputStream(channel), md);
  }

  @Override
  public void write(int b) throws IOException {
    open().write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    open().write(b, off, len);
  }

  private OutputStream open() throws IOException {
    if (digest != null || closed) throw new IOException("blob writer is sealed");
    return out;
  }

  /** Ends the blob: its bytes are on disk (fsync) and hashed. Returns the digest. Idempotent. */
  public Digest seal() throws IOException {
    if (digest == null) {
      out.flush();
      channel.force(true);
      channel.close();
      digest = Digest.from(md);
    }
    return digest;
  }

  /**
   * Seals the blob, checks it against {@code expected} (null: any digest) and makes it visible
   * under its digest; a blob already stored under that digest is kept and this copy dropped.
   *
   * @throws DigestMismatchException when the bytes do not hash to {@code expected}; nothing is stored
   */
  public Digest publish(Digest expected) throws IOException {
    var actual = seal();
    if (expected != null && !expected.equals(actual)) throw new DigestMismatchException(expected, actual);
    if (!published) {
      if (!store.exists(actual)) {
        try {
          Files.move(tmp, store.path(actual), StandardCopyOption.ATOMIC_MOVE);
          store.syncFolder();
        } catch (FileAlreadyExistsException e) {
          // another writer published the same bytes first
        }
      }
      published = true;
    }
    return actual;
  }

  /** Closes the file; deletes it unless {@link #publish} moved it into place. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    channel.close();
    Files.deleteIfExists(tmp);
  }
}
