package dev.berth.engine.distribution;

import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import dev.berth.model.Json;
import dev.berth.snapshot.LayerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** One daemon's worth of stores (content, layers, fake image store) and its distribution service. */
/** One daemon's worth of stores. */
final class TestStores {
  final ContentStore content;
  final LayerStore layers;
  final FakeImages images = new FakeImages();
  final DistributionService service;

  TestStores(Path dir, List<DistributionService> services, String name) throws Exception {
    var root = Files.createDirectories(dir.resolve(name));
    content = new ContentStore(root.resolve("content"));
    layers = new LayerStore(root.resolve("overlay"));
    service = new DistributionService(RegistryConfig.defaults(), content, layers, images, root.resolve("distribution"));
    services.add(service);
  }

  List<ProgressMessage> pull(String ref, String platform) {
    return pull(ref, platform, "e30=");
  }

  List<ProgressMessage> pull(String ref, String platform, String auth) {
    var messages = new CopyOnWriteArrayList<ProgressMessage>();
    service.pull(ref, platform, auth, m -> messages.add((ProgressMessage) m));
    return messages;
  }

  List<ProgressMessage> push(String name, String tag) {
    return push(name, tag, "e30=");
  }

  List<ProgressMessage> push(String name, String tag, String auth) {
    var messages = new CopyOnWriteArrayList<ProgressMessage>();
    service.push(name, tag, auth, m -> messages.add((ProgressMessage) m));
    return messages;
  }

  /** Builds an image from layer tars as docker load would: uncompressed tars kept as blobs. */
  String image(String tagRef, List<byte[]> tars) throws Exception {
    var diffIds = new ArrayList<String>();
    var chains = new ArrayList<String>();
    Digest parent = null;
    for (var tar : tars) {
      var blob = content.write(tar);
      try (var in = content.open(blob)) {
        parent = layers.apply(parent, in, blob, blob).chainId();
      }
      diffIds.add(blob.toString());
      chains.add(parent.toString());
    }
    var config = Json.mapper().writeValueAsBytes(Map.of("architecture", "amd64", "os", "linux",
        "config", Map.of("Cmd", List.of("sh")), "rootfs", Map.of("type", "layers", "diff_ids", diffIds)));
    var id = content.write(config).toString();
    images.layers.put(id, chains);
    images.refs.put(tagRef, id);
    return id;
  }
}
