package dev.berth.engine.distribution;

import dev.berth.content.ContentStore;
import dev.berth.content.Descriptor;
import dev.berth.content.Digest;
import dev.berth.content.MediaTypes;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.image.Reference;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Pushes a tag (or every tag of a repository) as dockerd's v2 pusher: layers in parallel (at most
 * {@code max-concurrent-uploads}), each skipped when the repository has it, mounted when another
 * repository of the registry had it, else uploaded; then the config and the manifest. Thread-safe.
 */
final class Pusher {
  private final RegistryClient client;
  private final ContentStore content;
  private final LayerStore layers;
  private final BlobSources sources;
  private final PushBlobs blobs;
  private final LocalImages images;
  private final int maxUploads;
  private final long chunkSize;

  Pusher(RegistryClient client, ContentStore content, LayerStore layers, BlobSources sources, LocalImages images,
      int maxUploads, long chunkSize) {
    this.client = client;
    this.content = content;
    this.layers = layers;
    this.sources = sources;
    this.blobs = new PushBlobs(content, sources);
    this.images = images;
    this.maxUploads = maxUploads;
    this.chunkSize = chunkSize;
  }

  void push(Reference ref, AuthConfig auth, Progress progress) throws IOException {
    progress.status("The push refers to repository [" + ref.name() + "]");
    var targets = new LinkedHashMap<String, LocalImages.Image>();
    var tags = ref.tag() != null ? List.of(ref.toString()) : images.tags(ref.name());
    for (var tag : tags) {
      images.find(tag).ifPresent(image -> targets.put(Reference.parse(tag).tag(), image));
    }
    if (targets.isEmpty()) {
      throw new NotFound("An image does not exist locally with the tag: " + ref.name());
    }
    try {
      var session = client.open(ref.domain(), ref.path(), auth, RegistryClient.pushScope(ref.path()));
      for (var target : targets.entrySet()) {
        pushOne(session, ref, target.getKey(), target.getValue(), progress);
      }
    } catch (RegistryError e) {
      throw new SystemError(e.getMessage(), e);
    }
  }

  private void pushOne(RegistrySession session, Reference ref, String tag, LocalImages.Image image, Progress progress) throws IOException {
    var stack = new ArrayList<Layer>();
    for (var chain : image.layers()) {
      stack.add(layers.get(Digest.parse(chain)).orElseThrow(() -> new SystemError("layer " + chain + " of " + image.id() + " is missing")));
    }
    var topFirst = stack.reversed();
    for (var layer : topFirst) {
      progress.step(layer.diffId().shortHex(), "Preparing");
    }
    var pushed = new Descriptor[stack.size()];
    var slots = new Semaphore(maxUploads);
    var tasks = new ArrayList<Future<?>>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = stack.size() - 1; i >= 0; i--) {
        int index = i;
        tasks.add(executor.submit(() -> {
          if (!slots.tryAcquire()) {
            progress.step(stack.get(index).diffId().shortHex(), "Waiting");
            slots.acquire();
          }
          try {
            pushed[index] = pushLayer(session, ref, stack.get(index), progress);
          } finally {
            slots.release();
          }
          return null;
        }));
      }
      try {
        for (var task : tasks) {
          Tasks.await(task);
        }
      } finally {
        tasks.forEach(t -> t.cancel(true));
      }
    }
    var configBytes = content.read(Digest.parse(image.id()));
    var mediaTypes = java.util.Arrays.stream(pushed).map(Descriptor::mediaType).toList();
    boolean oci = mediaTypes.stream().anyMatch(t -> t.startsWith("application/vnd.oci."));
    var config = Descriptor.of(oci ? MediaTypes.OCI_CONFIG : MediaTypes.DOCKER_CONFIG, Digest.parse(image.id()), configBytes.length);
    if (session.blobSize(image.id()).isEmpty()) {
      new BlobUpload(session, chunkSize).upload(image.id(), configBytes.length, () -> new ByteArrayInputStream(configBytes), n -> {});
    }
    var layerDescriptors = java.util.Arrays.stream(pushed).map(d -> oci ? asOci(d) : d).toList();
    var manifestType = oci ? MediaTypes.OCI_MANIFEST : MediaTypes.DOCKER_MANIFEST;
    var manifest = ManifestWriter.write(manifestType, config, layerDescriptors);
    var digest = session.putManifest(tag, manifestType, manifest);
    progress.status(tag + ": digest: " + digest + " size: " + manifest.length);
    var aux = new LinkedHashMap<String, Object>();
    aux.put("Tag", tag);
    aux.put("Digest", digest);
    aux.put("Size", manifest.length);
    progress.send(ProgressMessage.aux(aux));
  }

  private static Descriptor asOci(Descriptor d) {
    return switch (d.mediaType()) {
      case MediaTypes.DOCKER_LAYER_GZIP -> Descriptor.of(MediaTypes.OCI_LAYER_GZIP, d.digest(), d.size());
      default -> d;
    };
  }

  private Descriptor pushLayer(RegistrySession session, Reference ref, Layer layer, Progress progress) throws IOException {
    var id = layer.diffId().shortHex();
    var blob = blobs.forLayer(layer);
    var d = blob.descriptor();
    if (session.blobSize(d.digest().toString()).isPresent()) {
      progress.step(id, "Layer already exists");
      remember(layer, d, ref);
      return d;
    }
    var upload = new BlobUpload(session, chunkSize);
    for (var repository : blob.repositories()) {
      var source = Reference.parse(repository);
      if (source.domain().equals(ref.domain()) && !source.path().equals(ref.path()) && upload.mount(d.digest().toString(), source.path())) {
        progress.step(id, "Mounted from " + source.path());
        remember(layer, d, ref);
        return d;
      }
    }
    upload.upload(d.digest().toString(), d.size(), () -> open(d.digest()), n -> progress.bytes(id, "Pushing", n, d.size()));
    progress.step(id, "Pushed");
    remember(layer, d, ref);
    return d;
  }

  private java.io.InputStream open(Digest digest) {
    try {
      return content.open(digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void remember(Layer layer, Descriptor d, Reference ref) {
    sources.add(layer.diffId().toString(), d.digest().toString(), d.mediaType(), d.size(), ref.name());
  }
}
