package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.image.ImageConfig;
import dev.berth.engine.image.ImageService;
import dev.berth.model.ContainerConfig;
import dev.berth.model.Json;
import dev.berth.snapshot.Layer;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the image of one build step (moby's commit of a build step): the parent's history and
 * layers plus the new layer (or an {@code empty_layer} history entry), {@code config} from the
 * stage, {@code container_config} with the step's command, as dockerd's classic builder writes them.
 */
final class ImageWriter {
  static final String DOCKER_VERSION = "25.0.0-berth";

  private final ImageService images;
  private final Clock clock;

  ImageWriter(ImageService images, Clock clock) {
    this.images = images;
    this.clock = clock;
  }

  /** Commits and moves the stage to the new image; returns its ID. */
  Digest commit(Stage st, ContainerConfig containerConfig, String containerId, Layer layer, String createdBy) {
    var parent = st.parent() == null ? null : images.parts(st.parent().toString());
    var created = clock.instant().toString();
    var history = new ArrayList<Map<String, Object>>();
    var diffIds = new ArrayList<String>();
    var chains = new ArrayList<Digest>();
    if (parent != null) {
      var cfg = parent.config();
      if (cfg.history() != null) {
        for (var h : cfg.history()) {
          history.add(history(h));
        }
      }
      cfg.diffIds().forEach(d -> diffIds.add(d.toString()));
      chains.addAll(parent.layers());
    }
    var entry = new LinkedHashMap<String, Object>();
    entry.put("created", created);
    entry.put("created_by", createdBy);
    if (layer == null) {
      entry.put("empty_layer", true);
    } else {
      diffIds.add(layer.diffId().toString());
      chains.add(layer.chainId());
    }
    history.add(entry);
    var image = st.parent() == null ? "" : st.parent().toString();
    var config = new LinkedHashMap<String, Object>();
    config.put("architecture", st.architecture);
    config.put("config", st.config.toContainerConfig("", image));
    config.put("container", containerId);
    config.put("container_config", containerConfig);
    config.put("created", created);
    config.put("docker_version", DOCKER_VERSION);
    config.put("history", history);
    config.put("os", st.os);
    config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
    try {
      var id = images.createImage(Json.mapper().writeValueAsBytes(config), chains, st.parent());
      st.imageId = id;
      return id;
    } catch (IOException e) {
      throw new SystemError(e.getMessage(), e);
    }
  }

  private static Map<String, Object> history(ImageConfig.History h) {
    var m = new LinkedHashMap<String, Object>();
    m.put("created", h.created());
    if (h.author() != null) {
      m.put("author", h.author());
    }
    if (h.createdBy() != null) {
      m.put("created_by", h.createdBy());
    }
    if (h.comment() != null) {
      m.put("comment", h.comment());
    }
    if (h.emptyLayer()) {
      m.put("empty_layer", true);
    }
    return m;
  }

  static List<String> nopCmd(String comment) {
    return List.of("/bin/sh", "-c", "#(nop) ", comment);
  }
}
