package dev.berth.engine.image;

import dev.berth.model.Rfc3339;
import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotImplemented;
import dev.berth.model.Json;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code docker import}: one layer from a (maybe compressed) tar, a config made here, an optional tag. */
final class ImageImporter {
  private final ContentStore content;
  private final LayerStore layers;
  private final ImageService service;
  private final Clock clock;

  ImageImporter(ContentStore content, LayerStore layers, ImageService service, Clock clock) {
    this.content = content;
    this.layers = layers;
    this.service = service;
    this.clock = clock;
  }

  Digest importImage(InputStream body, ImportRequest req) throws IOException {
    if (!"-".equals(req.source())) {
      throw new NotImplemented("import from a URL is not supported");
    }
    var tag = Reference.repoTag(req.repo(), req.tag());
    var changes = ConfigChanges.apply(req.changes());
    var os = "linux";
    var arch = "amd64";
    if (req.platform() != null && !req.platform().isEmpty()) {
      var parts = req.platform().split("/");
      if (!parts[0].equals("linux") || (parts.length > 1 && !parts[1].equals("amd64"))) {
        throw new InvalidArgument("\"" + req.platform() + "\": unknown operating system or architecture: invalid argument");
      }
    }
    dev.berth.snapshot.Layer layer;
    try (var blob = content.newWriter()) {
      layer = layers.applyKeeping(null, body, blob);
    }
    var created = Rfc3339.format(clock.instant());
    var msg = req.message() == null || req.message().isEmpty() ? "Imported from " + req.source() : req.message();
    var config = new LinkedHashMap<String, Object>();
    config.put("architecture", arch);
    config.put("comment", msg);
    config.put("config", ConfigChanges.merge(changes));
    config.put("created", created);
    config.put("docker_version", "25.0.0-berth");
    config.put("history", List.of(Map.of("created", created, "comment", msg)));
    config.put("os", os);
    config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(layer.diffId().toString())));
    var bytes = Json.mapper().writeValueAsBytes(config);
    var tags = new ArrayList<Reference>();
    if (tag != null) {
      tags.add(tag);
    }
    var id = service.register(bytes, List.of(layer), tags, null);
    for (var t : tags) service.event("tag", id, t.familiar());
    service.event("import", id, id.toString());
    return id;
  }
}
