package dev.berth.engine.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.content.ContentStore;
import dev.berth.content.Descriptor;
import dev.berth.content.Digest;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.image.Reference;
import dev.berth.model.Json;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Pulls one image (or every tag of a repository) into the local stores, as dockerd's v2 puller:
 * manifest (index → the platform's manifest), config, then layers downloaded in parallel (at most
 * {@code max-concurrent-downloads}) into the content store and unpacked in order into the layer
 * store; the image is recorded only when all of it is there, so an interrupted pull leaves nothing
 * half-visible and the next pull reuses what was finished. Thread-safe.
 */
final class Puller {
  private static final System.Logger LOG = System.getLogger(Puller.class.getName());
  private static final int MAX_CONFIG = 8 << 20;

  private final RegistryClient client;
  private final ContentStore content;
  private final LayerStore layers;
  private final BlobSources sources;
  private final LocalImages images;
  private final int maxDownloads;
  private final PartialBlobs partials;

  Puller(RegistryClient client, ContentStore content, LayerStore layers, BlobSources sources, LocalImages images, int maxDownloads,
      PartialBlobs partials) {
    this.partials = partials;
    this.client = client;
    this.content = content;
    this.layers = layers;
    this.sources = sources;
    this.images = images;
    this.maxDownloads = maxDownloads;
  }

  /**
   * Pulls from each endpoint of the registry in turn (mirrors first for Docker Hub names) until one
   * succeeds, going on after an error only where moby does ({@link PullErrors#continueOnError});
   * the last endpoint's error is the pull's.
   *
   * @param platform the {@code --platform} asked for, or null for the host's
   */
  void pull(Reference ref, Platform platform, AuthConfig auth, Progress progress) throws IOException {
    partials.sweep();
    Exception last = null;
    String lastReached = null; // the authority whose endpoint answered and then failed the pull
    var confirmedTls = new java.util.HashSet<String>();
    for (var endpoint : client.endpoints(ref.domain())) {
      var authority = endpoint.base().getAuthority();
      if (!endpoint.base().getScheme().equals("https") && confirmedTls.contains(authority)) {
        continue; // moby: "Skipping non-TLS endpoint … for host/port that appears to use TLS"
      }
      RegistrySession session = null;
      try {
        session = client.open(endpoint, ref.domain(), ref.path(), auth, RegistryClient.pullScope(ref.path()));
        pullFrom(session, ref, platform, progress);
        return;
      } catch (IOException | RuntimeException e) {
        if (!PullErrors.continueOnError(e, endpoint.mirror())) {
          throw failure(e, ref);
        }
        if (session != null && endpoint.base().getScheme().equals("https")) {
          confirmedTls.add(authority);
        }
        LOG.log(Level.INFO, "Attempting next endpoint for pull after error: " + e.getMessage());
        // moby tries HTTPS before HTTP, so the error of the scheme that answered is the one reported;
        // with the one that answered last tried first, a later failed probe of the other must not hide it
        if (session != null || !authority.equals(lastReached)) {
          last = e;
          lastReached = session != null ? authority : null;
        }
      }
    }
    throw failure(last != null ? last : new SystemError("no endpoints found for " + ref.familiar()), ref);
  }

  /** {@code e} to throw: a registry's error in dockerd's words, anything else as it is. */
  private static IOException failure(Exception e, Reference ref) throws IOException {
    if (e instanceof RegistryError r) throw PullErrors.translate(r, ref);
    if (e instanceof RuntimeException r) throw r;
    return (IOException) e;
  }

  private void pullFrom(RegistrySession session, Reference ref, Platform platform, Progress progress) throws IOException {
    if (ref.tag() == null && ref.digest() == null) {
      boolean newer = false;
      for (var tag : session.tags()) {
        newer |= pullOne(session, ref.withTag(tag), platform, progress).newer();
      }
      progress.status(status(newer, ref.familiarName()));
      return;
    }
    var outcome = pullOne(session, ref, platform, progress);
    progress.status(status(outcome.newer(), ref.familiar()));
    if (outcome.warning() != null) {
      progress.status("WARNING: " + outcome.warning());
    }
  }

  /** The tag or digest the registry knows {@code ref} by; {@code latest} when it has neither. */
  static String remoteReference(Reference ref) {
    return ref.digest() != null ? ref.digest().toString() : ref.tag() != null ? ref.tag() : "latest";
  }

  private static String status(boolean newer, String ref) {
    return "Status: " + (newer ? "Downloaded newer image for " : "Image is up to date for ") + ref;
  }

  /**
   * @param newer whether the reference now points at a different image than before
   * @param warning a platform mismatch dockerd reports but tolerates, or null
   */
  private record Outcome(boolean newer, String warning) {}

  private Outcome pullOne(RegistrySession session, Reference ref, Platform platform, Progress progress) throws IOException {
    var top = fetch(session, ref, remoteReference(ref));
    var topDigest = top.digest();
    if (ref.digest() != null && !ref.digest().toString().equals(topDigest)) {
      throw new SystemError("manifest verification failed for digest " + ref.digest());
    }
    var manifest = resolve(session, ref, top, platform);
    progress.send(ProgressMessage.status("Pulling from " + ref.path(), ref.digest() != null ? ref.digest().toString() : ref.tag()));
    var configBytes = config(session, manifest);
    var config = Json.mapper().readTree(configBytes);
    var warning = platform != null && top instanceof ImageManifest ? platformMismatch(ref, platform, config) : null;
    var diffIds = diffIds(config);
    if (diffIds.size() != manifest.layers().size()) {
      throw new SystemError("layers from manifest don't match image configuration");
    }
    var chains = chainIds(diffIds);
    var imageId = manifest.config().digest().toString();
    boolean complete = images.find(imageId).isPresent()
        && chains.stream().allMatch(c -> layers.get(Digest.parse(c)).isPresent());
    if (!complete) {
      fetchLayers(session, ref, manifest.layers(), diffIds, chains, progress);
      content.write(new java.io.ByteArrayInputStream(configBytes), Digest.parse(imageId));
    }
    var tagRef = ref.tag() != null ? ref.withTag(ref.tag()).toString() : null;
    var digestRef = ref.withDigest(Digest.parse(topDigest)).toString();
    var before = images.imageId(tagRef != null ? tagRef : digestRef);
    images.record(imageId, chains, tagRef, digestRef);
    progress.status("Digest: " + topDigest);
    return new Outcome(before.isEmpty() || !before.get().equals(imageId), warning);
  }

  private RemoteManifest fetch(RegistrySession session, Reference ref, String reference) throws IOException {
    if (!reference.startsWith(Digest.SHA256 + ":")) {
      session.headManifest(reference);
    }
    var fetched = session.manifest(reference);
    return ManifestParser.parse(fetched.body(), fetched.contentType(), ref);
  }

  private ImageManifest resolve(RegistrySession session, Reference ref, RemoteManifest top, Platform platform) throws IOException {
    if (top instanceof ImageManifest m) {
      return m;
    }
    var wanted = platform != null ? platform : Platform.host();
    var entry = ((ImageIndex) top).choose(wanted)
        .orElseThrow(() -> new NotFound("no matching manifest for " + wanted + " in the manifest list entries"));
    var chosen = fetch(session, ref, entry.digest().toString());
    if (!chosen.digest().equals(entry.digest().toString())) {
      throw new SystemError("manifest verification failed for digest " + entry.digest());
    }
    if (!(chosen instanceof ImageManifest m)) {
      throw new InvalidArgument("manifest list for " + ref.familiar() + " points at another manifest list");
    }
    return m;
  }

  private byte[] config(RegistrySession session, ImageManifest manifest) throws IOException {
    var digest = manifest.config().digest();
    if (content.exists(digest)) {
      return content.read(digest);
    }
    try (var in = session.blob(digest.toString()).stream()) {
      var bytes = in.readNBytes(MAX_CONFIG + 1);
      if (bytes.length > MAX_CONFIG || !Digest.of(bytes).equals(digest)) {
        throw new SystemError("image config verification failed for digest " + manifest.config().digest());
      }
      return bytes;
    }
  }

  // moby daemon/images/image_pull.go: a single-platform image of another platform is kept, with a warning.
  private static String platformMismatch(Reference ref, Platform wanted, JsonNode config) {
    var actual = new Platform(config.path("os").asText(""), config.path("architecture").asText(""), config.path("variant").asText(""));
    if (wanted.accepts(actual)) {
      return null;
    }
    return "image with reference " + ref.familiarName() + " was found but does not match the specified platform: wanted "
        + wanted + ", actual: " + actual;
  }

  private static List<String> diffIds(JsonNode config) {
    var out = new ArrayList<String>();
    for (var node : config.path("rootfs").path("diff_ids")) {
      out.add(Digest.parse(node.asText()).toString());
    }
    return out;
  }

  static List<String> chainIds(List<String> diffIds) {
    var out = new ArrayList<String>();
    Digest parent = null;
    for (var diffId : diffIds) {
      parent = Layer.chainId(parent, Digest.parse(diffId));
      out.add(parent.toString());
    }
    return out;
  }

  private void fetchLayers(RegistrySession session, Reference ref, List<Descriptor> blobs, List<String> diffIds,
      List<String> chains, Progress progress) throws IOException {
    var missing = new boolean[blobs.size()];
    for (int i = 0; i < blobs.size(); i++) {
      var id = blobs.get(i).digest().shortHex();
      missing[i] = layers.get(Digest.parse(chains.get(i))).isEmpty();
      progress.step(id, missing[i] ? "Pulling fs layer" : "Already exists");
    }
    var slots = new Semaphore(maxDownloads);
    var downloads = new ArrayList<Future<?>>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < blobs.size(); i++) {
        var blob = blobs.get(i);
        if (!missing[i] || content.exists(blob.digest())) {
          downloads.add(null);
          continue;
        }
        downloads.add(executor.submit(() -> {
          if (!slots.tryAcquire()) {
            progress.step(blob.digest().shortHex(), "Waiting");
            slots.acquire();
          }
          try {
            LayerFetch.download(session, blob, content, progress, partials);
          } finally {
            slots.release();
          }
          return null;
        }));
      }
      try {
        for (int i = 0; i < blobs.size(); i++) {
          if (missing[i]) {
            Tasks.await(downloads.get(i));
            extract(ref, blobs.get(i), diffIds.get(i), i == 0 ? null : chains.get(i - 1), progress);
          }
        }
      } finally {
        downloads.forEach(f -> {
          if (f != null) {
            f.cancel(true);
          }
        });
      }
    }
  }

  private void extract(Reference ref, Descriptor blob, String diffId, String parent, Progress progress) throws IOException {
    var id = blob.digest().shortHex();
    var digest = blob.digest();
    long total = content.size(digest);
    try (var in = new CountingInputStream(content.open(digest), n -> progress.bytes(id, "Extracting", n, total))) {
      layers.apply(parent == null ? null : Digest.parse(parent), in, Digest.parse(diffId), digest);
    }
    sources.add(diffId, blob.digest().toString(), blob.mediaType(), total, ref.name());
    progress.step(id, "Pull complete");
  }
}
