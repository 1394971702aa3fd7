package dev.berth.engine.distribution;

import dev.berth.content.ContentStore;
import dev.berth.content.Descriptor;
import dev.berth.content.DigestMismatchException;
import dev.berth.engine.error.SystemError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Downloads one blob into the content store through a partial file: a connection that breaks
 * mid-blob is resumed with a {@code Range} request (up to {@link #ATTEMPTS} times in this pull, and
 * again by the next pull), and the blob becomes visible only whole and verified (the store adopts
 * the file after the digest check).
 */
final class LayerFetch {
  /** Tries per pull when the body breaks off (dockerd's max-download-attempts default is 5). */
  static final int ATTEMPTS = 5;

  private LayerFetch() {}

  static void download(RegistrySession session, Descriptor blob, ContentStore content, Progress progress,
      PartialBlobs partials) throws IOException {
    partials.with(blob.digest(), partial -> {
      if (content.exists(blob.digest())) return; // another pull finished it meanwhile
      fetch(session, blob, partial, progress);
      try {
        content.adopt(partial, blob.digest());
      } catch (DigestMismatchException e) {
        Files.deleteIfExists(partial);
        throw new SystemError("filesystem layer verification failed for digest " + blob.digest(), e);
      }
    });
    var id = blob.digest().shortHex();
    progress.step(id, "Verifying Checksum");
    progress.step(id, "Download complete");
  }

  private static void fetch(RegistrySession session, Descriptor blob, Path partial, Progress progress) throws IOException {
    var id = blob.digest().shortHex();
    for (int attempt = 1; ; attempt++) {
      long have = Files.exists(partial) ? Files.size(partial) : 0;
      if (blob.size() > 0 && have >= blob.size()) return; // complete: the digest check decides
      var download = session.blob(blob.digest().toString(), have);
      long start = download.offset();
      long total = blob.size() > 0 ? blob.size() : download.length();
      try (var ch = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          var in = new CountingInputStream(new Bounded(download.stream(), blob.size() > 0 ? blob.size() - start : -1,
              blob.digest().toString()), n -> progress.bytes(id, "Downloading", start + n, total))) {
        ch.truncate(start);
        ch.position(start);
        in.transferTo(Channels.newOutputStream(ch));
        ch.force(false);
        return;
      } catch (InterruptedIOException | SizeExceeded e) {
        if (e instanceof SizeExceeded) Files.deleteIfExists(partial);
        throw e;
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) throw new SystemError("unexpected EOF", e);
      }
    }
  }

  /** Fails a download that runs past the size the manifest announced. */
  private static final class Bounded extends FilterInputStream {
    private final long limit;
    private final String digest;
    private long count;

    Bounded(InputStream in, long limit, String digest) {
      super(in);
      this.limit = limit;
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      var buf = new byte[1];
      return read(buf, 0, 1) < 0 ? -1 : buf[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        if (limit >= 0 && count > limit) {
          throw new SizeExceeded("blob " + digest + " is larger than its descriptor says");
        }
      }
      return n;
    }
  }

  /** Not a broken connection: retrying would not help. */
  private static final class SizeExceeded extends IOException {
    SizeExceeded(String message) {
      super(message);
    }
  }
}
