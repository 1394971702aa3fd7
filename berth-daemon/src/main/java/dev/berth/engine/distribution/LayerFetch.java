package dev.berth.engine.distribution;

import dev.berth.content.ContentStore;
import dev.berth.content.Descriptor;
import dev.berth.content.DigestMismatchException;
import dev.berth.engine.error.SystemError;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Downloads one blob into the content store, hashing while it streams: the blob becomes visible
 * only whole and verified (the store renames it into place after the digest check).
 */
final class LayerFetch {
  private LayerFetch() {}

  static void download(RegistrySession session, Descriptor blob, ContentStore content, Progress progress) throws IOException {
    var id = blob.digest().shortHex();
    var download = session.blob(blob.digest().toString());
    long total = blob.size() > 0 ? blob.size() : download.length();
    try (var in = new CountingInputStream(new Bounded(download.stream(), blob.size(), blob.digest().toString()),
        n -> progress.bytes(id, "Downloading", n, total))) {
      content.write(in, blob.digest());
    } catch (DigestMismatchException e) {
      throw new SystemError("filesystem layer verification failed for digest " + blob.digest(), e);
    }
    progress.step(id, "Verifying Checksum");
    progress.step(id, "Download complete");
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
        if (limit > 0 && count > limit) {
          throw new IOException("blob " + digest + " is larger than its descriptor says (" + limit + " bytes)");
        }
      }
      return n;
    }
  }
}
