package dev.berth.engine.image;

import dev.berth.model.Rfc3339;
import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import dev.berth.model.Json;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commit and build steps (moby {@code images.CommitImage} and {@code image.NewChildImage}): the new
 * layer goes on top of the parent's, the config copies the parent's platform and history and adds
 * one history entry. An empty diff adds no layer and marks the entry {@code empty_layer}, as moby
 * decides by the empty tar's digest.
 */
final class ChildImages {
  /** moby {@code layer.DigestSHA256EmptyTar}: two zero blocks. */
  static final Digest EMPTY_TAR = Digest.of(new byte[1024]);

  private final ContentStore content;
  private final LayerStore layers;
  private final ImageService service;
  private final Clock clock;

  ChildImages(ContentStore content, LayerStore layers, ImageService service, Clock clock) {
    this.content = content;
    this.layers = layers;
    this.service = service;
    this.clock = clock;
  }

  @SuppressWarnings("unchecked")
  Digest create(String parentRef, InputStream layerTar, ChildImage child, String os, Reference tag) throws IOException {
    var parent = parentRef == null || parentRef.isEmpty() ? null : service.find(parentRef);
    Map<String, Object> base = parent == null ? Map.of() : Json.mapper().readValue(content.read(parent.id()), LinkedHashMap.class);
    var chain = parent == null ? new ArrayList<Digest>() : new ArrayList<>(parent.record().layers());
    var diffIds = new ArrayList<String>();
    if (parent != null) {
      parent.config().diffIds().forEach(d -> diffIds.add(d.toString()));
    }
    boolean empty = true;
    if (layerTar != null) {
      var layer = addLayer(chain.isEmpty() ? null : chain.getLast(), layerTar);
      if (layer != null) {
        chain.add(layer.chainId());
        diffIds.add(layer.diffId().toString());
        empty = false;
      }
    }
    var created = Rfc3339.format(clock.instant());
    var entry = new LinkedHashMap<String, Object>();
    entry.put("created", created);
    if (!child.author().isEmpty()) entry.put("author", child.author());
    entry.put("created_by", child.historyCreatedBy());
    if (!child.comment().isEmpty()) entry.put("comment", child.comment());
    if (empty) entry.put("empty_layer", true);
    var history = new ArrayList<Object>();
    if (base.get("history") instanceof List<?> h) history.addAll(h);
    history.add(entry);

    var config = new LinkedHashMap<String, Object>();
    config.put("architecture", base.getOrDefault("architecture", "amd64"));
    if (!child.author().isEmpty()) config.put("author", child.author());
    config.put("config", child.config());
    if (child.containerId() != null) config.put("container", child.containerId());
    if (child.containerConfig() != null) config.put("container_config", child.containerConfig());
    config.put("created", created);
    config.put("docker_version", dev.berth.engine.system.BuildInfo.VERSION);
    config.put("history", history);
    config.put("os", os != null && !os.isEmpty() ? os : base.getOrDefault("os", "linux"));
    for (var key : List.of("os.version", "os.features", "variant")) {
      if (base.get(key) != null) config.put(key, base.get(key));
    }
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    var tags = tag == null ? List.<Reference>of() : List.of(tag);
    return service.register(Json.mapper().writeValueAsBytes(config), chain, parent == null ? null : parent.id(), tags, null);
  }

  /**
   * Applies the tar over {@code parent} and stores it as the layer's blob in the same read; null
   * when it is the empty tar (two zero blocks: nothing changed).
   */
  private Layer addLayer(Digest parent, InputStream tar) throws IOException {
    var in = new BufferedInputStream(tar, 1 << 16);
    if (isEmptyTar(in)) {
      return null;
    }
    try (var blob = content.newWriter()) {
      return layers.applyKeeping(parent, in, blob);
    }
  }

  /** Whether {@code in} holds exactly the empty tar; reads nothing as far as the caller can tell. */
  private static boolean isEmptyTar(BufferedInputStream in) throws IOException {
    int empty = 1024;
    in.mark(empty + 1);
    var head = in.readNBytes(empty + 1);
    in.reset();
    return head.length == empty && Digest.of(head).equals(EMPTY_TAR);
  }
}
