package dev.berth.engine.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.content.ContentStore;
import dev.berth.content.Descriptor;
import dev.berth.content.Digest;
import dev.berth.content.Index;
import dev.berth.content.Manifest;
import dev.berth.content.MediaTypes;
import dev.berth.content.Platform;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.model.Json;
import dev.berth.snapshot.Decompression;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * {@code docker save} in the Docker ≥25 layout (moby image/tarexport): an OCI image layout
 * ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/…} with uncompressed layers named by
 * diff ID) plus {@code manifest.json} and {@code repositories}, so both dockerd and OCI tools load
 * it. Entries are written in lexical order like dockerd's; layers stream from the content store.
 */
public final class ArchiveWriter {
  record Selected(ImageStore.Stored image, List<Reference> tags) {}

  @JsonInclude(JsonInclude.Include.ALWAYS)
  record ManifestItem(
      @JsonProperty("Config") String config,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("Layers") List<String> layers) {}

  private interface Source {
    InputStream open() throws IOException;
  }

  private record Blob(long size, Source source) {}

  private final ContentStore content;
  private final LayerStore layers;
  private final List<Selected> selected;

  ArchiveWriter(ContentStore content, LayerStore layers, List<Selected> selected) {
    this.content = content;
    this.layers = layers;
    this.selected = selected;
  }

  /** dockerd's name rules: a bare name saves all its tags, a tag that tag, an ID the image untagged. */
  static List<Selected> select(List<String> names, ImageService service) {
    var byId = new LinkedHashMap<Digest, Selected>();
    for (var name : names) {
      var image = service.find(name);
      var tags = new ArrayList<Reference>();
      boolean isId = ImageRemover.isIdPrefix(image.id(), name);
      if (!isId) {
        var ref = Reference.parse(name);
        if (ref.tag() == null && ref.digest() == null) {
          for (var r : service.refs().referencesTo(image.id())) {
            if (r.tag() != null && r.name().equals(ref.name())) {
              tags.add(r);
            }
          }
        } else if (ref.tag() != null) {
          tags.add(ref);
        }
      }
      var prev = byId.get(image.id());
      if (prev != null) {
        prev.tags().addAll(tags.stream().filter(t -> !prev.tags().contains(t)).toList());
      } else {
        byId.put(image.id(), new Selected(image, tags));
      }
    }
    if (byId.isEmpty()) {
      throw new NotFound("No such image: ");
    }
    return new ArrayList<>(byId.values());
  }

  public void writeTo(OutputStream out) throws IOException {
    var blobs = new TreeMap<String, Blob>();
    var manifest = new ArrayList<ManifestItem>();
    var index = new ArrayList<Descriptor>();
    var repositories = new TreeMap<String, Map<String, String>>();
    for (var sel : selected) {
      var image = sel.image();
      var configSize = content.size(image.id());
      blobs.put(image.id().hex(), new Blob(configSize, () -> content.open(image.id())));
      var layerDescs = new ArrayList<Descriptor>();
      var layerPaths = new ArrayList<String>();
      for (var chain : image.record().layers()) {
        var layer = layers.get(chain).orElseThrow(() -> new SystemError("layer " + chain + " is missing"));
        blobs.put(layer.diffId().hex(), new Blob(layer.tarSize(), () -> layerTar(layer)));
        layerDescs.add(Descriptor.of(MediaTypes.OCI_LAYER, layer.diffId(), layer.tarSize()));
        layerPaths.add("blobs/sha256/" + layer.diffId().hex());
      }
      var m = new Manifest(2, MediaTypes.OCI_MANIFEST, Descriptor.of(MediaTypes.OCI_CONFIG, image.id(), configSize), layerDescs, null);
      var mBytes = Json.mapper().writeValueAsBytes(m);
      var mDigest = Digest.of(mBytes);
      blobs.put(mDigest.hex(), new Blob(mBytes.length, () -> new java.io.ByteArrayInputStream(mBytes)));
      var cfg = image.config();
      var platform = new Platform(ImageService.orEmpty(cfg.architecture()), ImageService.orEmpty(cfg.os()), cfg.variant());
      var untagged = new Descriptor(MediaTypes.OCI_MANIFEST, mDigest, mBytes.length, null, null, platform);
      var repoTags = new ArrayList<String>();
      for (var tag : sel.tags()) {
        repoTags.add(tag.familiar());
        index.add(untagged.withAnnotations(Map.of("io.containerd.image.name", tag.toString(), "org.opencontainers.image.ref.name", tag.tag())));
        if (!layerDescs.isEmpty()) {
          repositories.computeIfAbsent(tag.familiarName(), k -> new TreeMap<>()).put(tag.tag(), layerDescs.getLast().digest().hex());
        }
      }
      if (sel.tags().isEmpty()) {
        index.add(untagged);
      }
      manifest.add(new ManifestItem("blobs/sha256/" + image.id().hex(), repoTags.isEmpty() ? null : repoTags, layerPaths));
    }
    var tar = new TarArchiveOutputStream(out, 1 << 16);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    dir(tar, "blobs/");
    dir(tar, "blobs/sha256/");
    for (var b : blobs.entrySet()) {
      var e = new TarArchiveEntry("blobs/sha256/" + b.getKey(), TarConstants.LF_NORMAL, true);
      e.setSize(b.getValue().size());
      e.setMode(0644);
      tar.putArchiveEntry(e);
      try (var in = b.getValue().source().open()) {
        long n = in.transferTo(tar);
        if (n != b.getValue().size()) {
          throw new IOException("blob " + b.getKey() + " changed size while saving");
        }
      }
      tar.closeArchiveEntry();
    }
    file(tar, "index.json", line(new Index(2, MediaTypes.OCI_INDEX, index, null)));
    file(tar, "manifest.json", line(manifest));
    file(tar, "oci-layout", line(Map.of("imageLayoutVersion", "1.0.0")));
    if (!repositories.isEmpty()) {
      file(tar, "repositories", line(repositories));
    }
    tar.finish();
    tar.flush();
  }

  private InputStream layerTar(Layer layer) throws IOException {
    if (layer.blob() == null || !content.exists(layer.blob())) {
      throw new SystemError("layer " + layer.diffId() + " has no stored tar to save");
    }
    var in = content.open(layer.blob());
    return layer.blob().equals(layer.diffId()) ? in : Decompression.open(in);
  }

  private static byte[] line(Object value) throws IOException {
    var bytes = Json.mapper().writeValueAsString(value) + "\n";
    return bytes.getBytes(StandardCharsets.UTF_8);
  }

  private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
    var e = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
    e.setMode(0755);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
    var e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setSize(data.length);
    e.setMode(0644);
    tar.putArchiveEntry(e);
    tar.write(data);
    tar.closeArchiveEntry();
  }
}
