package dev.berth.engine.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.content.ContentStore;
import dev.berth.content.Descriptor;
import dev.berth.content.Digest;
import dev.berth.content.DigestMismatchException;
import dev.berth.content.Index;
import dev.berth.content.Manifest;
import dev.berth.content.MediaTypes;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Json;
import dev.berth.snapshot.Decompression;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code docker load}: reads a docker-save archive (legacy or Docker ≥25 layout, via {@code
 * manifest.json}) or an OCI image layout ({@code index.json}), gzip/zstd/bzip2 or plain, as a
 * stream. Small files are kept in memory (bounded), large ones go straight into the content store
 * (verified when named by digest); nothing is buffered whole. Blobs the load stored but no image
 * uses are removed at the end.
 */
final class ArchiveLoader {
  private static final long SMALL = 1 << 20;
  private static final long MEMORY_BUDGET = 64L << 20;

  record ManifestItem(
      @JsonProperty("Config") String config,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("Layers") List<String> layers) {}

  private final ContentStore content;
  private final LayerStore layers;
  private final ImageService service;
  private final Map<String, byte[]> small = new HashMap<>();
  private final Map<String, Digest> stored = new HashMap<>();
  private final Map<String, String> links = new HashMap<>();
  private final Set<Digest> touched = new HashSet<>();
  private long inMemory;

  ArchiveLoader(ContentStore content, LayerStore layers, ImageService service) {
    this.content = content;
    this.layers = layers;
    this.service = service;
  }

  void load(InputStream archive, Consumer<String> messages) throws IOException {
    try {
      read(archive);
      if (has("manifest.json")) {
        var items = Json.mapper().readValue(bytes("manifest.json"),
            Json.mapper().getTypeFactory().constructCollectionType(List.class, ManifestItem.class));
        for (var item : (List<ManifestItem>) items) {
          loadDockerItem(item, messages);
        }
      } else if (has("index.json")) {
        var index = Json.mapper().readValue(bytes("index.json"), Index.class);
        for (var d : index.manifests()) {
          loadOci(d, d.annotations(), messages);
        }
      } else {
        throw new InvalidArgument("invalid tar archive: neither manifest.json nor index.json found");
      }
    } finally {
      dropUnused();
    }
  }

  private void read(InputStream archive) throws IOException {
    var tar = new TarArchiveInputStream(Decompression.open(archive), StandardCharsets.UTF_8.name());
    org.apache.commons.compress.archivers.tar.TarArchiveEntry e;
    while ((e = tar.getNextEntry()) != null) {
      var name = clean(e.getName());
      if (name.isEmpty()) {
        continue;
      }
      if (e.isSymbolicLink()) {
        int slash = name.lastIndexOf('/');
        var dir = slash < 0 ? "" : name.substring(0, slash + 1);
        links.put(name, clean(e.getLinkName().startsWith("/") ? e.getLinkName() : dir + e.getLinkName()));
      } else if (e.isLink()) {
        links.put(name, clean(e.getLinkName()));
      } else if (e.isFile()) {
        var named = digestNamed(name);
        if (e.getSize() <= SMALL && inMemory + e.getSize() <= MEMORY_BUDGET) {
          var data = tar.readAllBytes();
          if (named != null && !named.equals(Digest.of(data))) {
            throw new DigestMismatchException(named, Digest.of(data));
          }
          small.put(name, data);
          inMemory += e.getSize();
        } else {
          var d = content.write(tar, named);
          touched.add(d);
          stored.put(name, d);
        }
      }
    }
  }

  private void loadDockerItem(ManifestItem item, Consumer<String> messages) throws IOException {
    var config = bytes(item.config());
    var parsed = ImageStore.parse(config);
    var diffIds = parsed.diffIds();
    var layerFiles = item.layers() == null ? List.<String>of() : item.layers();
    if (diffIds.size() != layerFiles.size()) {
      throw new InvalidArgument("invalid manifest, layers length mismatch: expected " + diffIds.size() + ", got " + layerFiles.size());
    }
    var applied = new ArrayList<Layer>();
    Digest parent = null;
    for (int i = 0; i < layerFiles.size(); i++) {
      var layer = apply(parent, layerFiles.get(i), diffIds.get(i));
      applied.add(layer);
      parent = layer.chainId();
    }
    var tags = new ArrayList<Reference>();
    if (item.repoTags() != null) {
      for (var t : item.repoTags()) {
        var ref = Reference.parse(t);
        if (ref.digest() != null) {
          throw new InvalidArgument("invalid tag " + t + ": digest reference in archive");
        }
        tags.add(ref.tagNameOnly());
      }
    }
    var id = service.register(config, applied, tags, messages);
    service.event("load", id, id.toString());
    announce(id, tags, messages);
  }

  private void loadOci(Descriptor d, Map<String, String> annotations, Consumer<String> messages) throws IOException {
    var path = blobPath(d.digest());
    if (MediaTypes.isIndex(d.mediaType())) {
      var nested = Json.mapper().readValue(bytes(path), Index.class);
      var pick = nested.manifests().stream()
          .filter(m -> m.platform() == null || ("linux".equals(m.platform().os()) && "amd64".equals(m.platform().architecture())))
          .findFirst().orElseThrow(() -> new InvalidArgument("no manifest for linux/amd64 in " + d.digest()));
      loadOci(pick, annotations, messages);
      return;
    }
    var manifest = Json.mapper().readValue(bytes(path), Manifest.class);
    var config = bytes(blobPath(manifest.config().digest()));
    if (!Digest.of(config).equals(manifest.config().digest())) {
      throw new InvalidArgument("config digest mismatch for " + manifest.config().digest());
    }
    var diffIds = ImageStore.parse(config).diffIds();
    if (diffIds.size() != manifest.layers().size()) {
      throw new InvalidArgument("invalid manifest, layers length mismatch: expected " + diffIds.size() + ", got " + manifest.layers().size());
    }
    var applied = new ArrayList<Layer>();
    Digest parent = null;
    for (int i = 0; i < diffIds.size(); i++) {
      var layer = apply(parent, blobPath(manifest.layers().get(i).digest()), diffIds.get(i));
      applied.add(layer);
      parent = layer.chainId();
    }
    var tags = new ArrayList<Reference>();
    var name = annotations == null ? null : annotations.get("io.containerd.image.name");
    if (name != null) {
      tags.add(Reference.parse(name).tagNameOnly());
    }
    var id = service.register(config, applied, tags, messages);
    service.event("load", id, id.toString());
    announce(id, tags, messages);
  }

  private Layer apply(Digest parent, String file, Digest diffId) throws IOException {
    var known = layers.get(Layer.chainId(parent, diffId));
    if (known.isPresent()) {
      return known.get();
    }
    var blob = blob(file);
    try (var in = content.open(blob)) {
      return layers.apply(parent, in, diffId, blob);
    }
  }

  private static void announce(Digest id, List<Reference> tags, Consumer<String> messages) {
    if (tags.isEmpty()) {
      messages.accept("Loaded image ID: " + id + "\n");
    }
    for (var t : tags) {
      messages.accept("Loaded image: " + t.familiar() + "\n");
    }
  }

  /** The content-store digest of an archive file, storing it first if it was kept in memory. */
  private Digest blob(String name) throws IOException {
    var target = follow(name);
    var d = stored.get(target);
    if (d == null) {
      var data = small.get(target);
      if (data == null) {
        throw new InvalidArgument("invalid archive: missing " + name);
      }
      d = content.write(new ByteArrayInputStream(data), digestNamed(target));
      touched.add(d);
      stored.put(target, d);
    }
    return d;
  }

  private byte[] bytes(String name) throws IOException {
    var target = follow(name);
    var data = small.get(target);
    if (data != null) {
      return data;
    }
    var d = stored.get(target);
    if (d == null) {
      throw new InvalidArgument("invalid archive: missing " + name);
    }
    return content.read(d);
  }

  private boolean has(String name) {
    var target = follow(name);
    return small.containsKey(target) || stored.containsKey(target);
  }

  private String follow(String name) {
    var n = clean(name);
    for (int i = 0; i < 10 && links.containsKey(n); i++) {
      n = links.get(n);
    }
    return n;
  }

  private void dropUnused() throws IOException {
    var used = new HashSet<Digest>();
    service.images().all().forEach(s -> used.add(s.id()));
    layers.list().forEach(l -> used.add(l.blob()));
    for (var d : touched) {
      if (!used.contains(d)) {
        content.delete(d);
      }
    }
  }

  private static String blobPath(Digest d) {
    return "blobs/" + d.algorithm() + "/" + d.hex();
  }

  /** The digest a file is named by ({@code blobs/sha256/<hex>}), or null. */
  private static Digest digestNamed(String name) {
    if (name.startsWith("blobs/sha256/") && Digest.isHex64(name.substring(13))) {
      return Digest.ofHex(name.substring(13));
    }
    return null;
  }

  /** Cleans an archive path lexically: no leading "/" or "./", ".." never above the top. */
  static String clean(String name) {
    var out = new ArrayList<String>();
    for (var part : name.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        }
      } else {
        out.add(part);
      }
    }
    return String.join("/", out);
  }
}
