package dev.berth.engine.distribution;

import dev.berth.content.Descriptor;
import dev.berth.content.MediaTypes;
import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import dev.berth.engine.error.SystemError;
import dev.berth.snapshot.Layer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;

/**
 * Finds the registry blob to push for a layer: the compressed blob it was pulled as when the content
 * store still has it (so a re-push is byte-identical), else the layer's stored tar gzipped
 * deterministically (no name, no time; same bytes every time), remembered for the next push.
 */
final class PushBlobs {
  private final ContentStore content;
  private final BlobSources sources;

  PushBlobs(ContentStore content, BlobSources sources) {
    this.content = content;
    this.sources = sources;
  }

  /** A blob ready to push and where it may be mounted from. */
  record Blob(Descriptor descriptor, java.util.List<String> repositories) {}

  Blob forLayer(Layer layer) throws IOException {
    var diffId = layer.diffId().toString();
    for (var source : sources.of(diffId)) {
      if (content.exists(Digest.parse(source.digest()))) {
        return new Blob(Descriptor.of(source.mediaType(), Digest.parse(source.digest()), source.size()), source.repositories());
      }
    }
    if (layer.blob() == null || !content.exists(layer.blob())) {
      throw new SystemError("layer " + diffId + " has no stored archive to push");
    }
    if (!layer.blob().equals(layer.diffId())) {
      var size = content.size(layer.blob());
      var type = isZstd(layer.blob()) ? MediaTypes.OCI_LAYER_ZSTD : MediaTypes.DOCKER_LAYER_GZIP;
      sources.add(diffId, layer.blob().toString(), type, size, null);
      return new Blob(Descriptor.of(type, layer.blob(), size), java.util.List.of());
    }
    var gz = gzip(layer.blob());
    var size = content.size(gz);
    sources.add(diffId, gz.toString(), MediaTypes.DOCKER_LAYER_GZIP, size, null);
    return new Blob(Descriptor.of(MediaTypes.DOCKER_LAYER_GZIP, gz, size), java.util.List.of());
  }

  private boolean isZstd(Digest blob) throws IOException {
    try (InputStream in = content.open(blob)) {
      var magic = in.readNBytes(4);
      return magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
          && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd;
    }
  }

  private Digest gzip(Digest tar) throws IOException {
    var dir = content.path(tar).getParent();
    var tmp = Files.createTempFile(dir, ".tmp-gz-", "");
    try {
      try (var in = content.open(tar); var out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        in.transferTo(out);
      }
      try (var in = Files.newInputStream(tmp)) {
        return content.write(in, null);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
