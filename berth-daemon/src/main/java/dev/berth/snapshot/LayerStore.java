package dev.berth.snapshot;

import dev.berth.content.BlobWriter;
import dev.berth.content.Digest;
import dev.berth.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unpacked layers under {@code <overlay>/<chain id hex>/diff}, each unpacked once and shared by
 * every image that has it. A layer is unpacked into {@code <overlay>/.tmp-<uuid>} and renamed into
 * place with its {@code layer.json} already inside, so a crash never leaves a half-unpacked layer
 * visible; leftovers are removed at start. Thread-safe.
 */
public final class LayerStore {
  static final String META = "layer.json";

  private final Path root;
  private final Map<Digest, Layer> layers = new ConcurrentHashMap<>();
  private final Map<Digest, Object> locks = new ConcurrentHashMap<>();

  public LayerStore(Path overlayRoot) {
    this.root = overlayRoot;
    try {
      Files.createDirectories(root);
      scan();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }

  public Path diffDir(String key) {
    return root.resolve(key).resolve("diff");
  }

  public Optional<Layer> get(Digest chainId) {
    return Optional.ofNullable(layers.get(chainId));
  }

  public List<Layer> list() {
    return List.copyOf(layers.values());
  }

  /**
   * Unpacks {@code tar} (any supported compression) on top of {@code parent} (a chain id, or null)
   * unless that layer exists already. When {@code expectedDiffId} is given it must match the tar.
   *
   * @param blob the content-store digest {@code tar} was read from (kept for save), or null
   */
  public Layer apply(Digest parent, InputStream tar, Digest expectedDiffId, Digest blob) throws IOException {
    requireParent(parent);
    if (expectedDiffId != null) {
      var known = layers.get(Layer.chainId(parent, expectedDiffId));
      if (known != null) {
        tar.transferTo(java.io.OutputStream.nullOutputStream());
        return known;
      }
    }
    return unpack(parent, tar, expectedDiffId, blob, null);
  }

  /**
   * Unpacks {@code raw} (any supported compression) on top of {@code parent} and, in the same read,
   * writes its bytes as they come to {@code keep} (the layer's blob for save and push): one pass
   * instead of storing the tar and reading it back. The layer records the blob's digest. The layer
   * folder becomes visible first and the blob right after it, so a crash in between leaves a layer
   * no image uses (removed at the next start with its blob) and a temp blob (removed too), never a
   * visible blob nothing refers to. When the layer exists already it is returned and {@code keep}
   * is left unpublished (the caller closes it, which drops its bytes).
   */
  public Layer applyKeeping(Digest parent, InputStream raw, BlobWriter keep) throws IOException {
    requireParent(parent);
    return unpack(parent, new TappedInputStream(raw, keep::write), null, null, keep);
  }

  private void requireParent(Digest parent) throws IOException {
    if (parent != null && !layers.containsKey(parent)) {
      throw new IOException("parent layer " + parent + " is not in the store");
    }
  }

  private Layer unpack(Digest parent, InputStream tar, Digest expectedDiffId, Digest blob, BlobWriter keep)
      throws IOException {
    var tmp = root.resolve(".tmp-" + UUID.randomUUID());
    try {
      var diff = tmp.resolve("diff");
      Files.createDirectories(diff);
      // with a blob kept, a plain tar is hashed once, by the blob writer: its bytes are the tar's
      var result = LayerUnpacker.unpack(tar, diff, keep == null);
      var diffId = result.diffId();
      if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
        throw new IOException("layer diff id mismatch: expected " + expectedDiffId + ", got " + diffId);
      }
      if (keep != null) {
        tar.transferTo(java.io.OutputStream.nullOutputStream()); // bytes after the compressed stream's end
        blob = keep.seal();
        if (diffId == null) {
          diffId = blob;
        }
      }
      var chain = Layer.chainId(parent, diffId);
      var layer = new Layer(chain, diffId, parent, result.size(), result.tarSize(), blob);
      synchronized (locks.computeIfAbsent(chain, k -> new Object())) {
        var existing = layers.get(chain);
        if (existing != null) {
          return existing;
        }
        Files.write(tmp.resolve(META), Json.mapper().writeValueAsBytes(layer));
        fsync(tmp);
        var dir = root.resolve(layer.key());
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        fsync(root);
        if (keep != null) {
          publishOrUndo(keep, dir);
        }
        layers.put(chain, layer);
        return layer;
      }
    } finally {
      LayerUnpacker.deleteTree(tmp);
    }
  }

  private void publishOrUndo(BlobWriter keep, Path dir) throws IOException {
    try {
      keep.publish(null);
    } catch (IOException | RuntimeException e) {
      var doomed = root.resolve(".del-" + UUID.randomUUID());
      Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
      LayerUnpacker.deleteTree(doomed);
      throw e;
    }
  }

  /** Removes a layer's folder (renamed aside first so a crash never leaves half a layer). Idempotent. */
  public void remove(Digest chainId) throws IOException {
    synchronized (locks.computeIfAbsent(chainId, k -> new Object())) {
      layers.remove(chainId);
      var dir = root.resolve(chainId.hex());
      if (!Files.exists(dir)) {
        return;
      }
      var doomed = root.resolve(".del-" + UUID.randomUUID());
      Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
      LayerUnpacker.deleteTree(doomed);
    }
  }

  private void scan() throws IOException {
    try (var dirs = Files.list(root)) {
      for (var dir : (Iterable<Path>) dirs::iterator) {
        var name = dir.getFileName().toString();
        if (name.startsWith(".tmp-") || name.startsWith(".del-")) {
          LayerUnpacker.deleteTree(dir);
          continue;
        }
        var meta = dir.resolve(META);
        if (Digest.isHex64(name) && Files.isRegularFile(meta)) {
          var layer = Json.mapper().readValue(meta.toFile(), Layer.class);
          layers.put(layer.chainId(), layer);
        }
      }
    }
  }

  private static void fsync(Path dir) throws IOException {
    try (var ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
