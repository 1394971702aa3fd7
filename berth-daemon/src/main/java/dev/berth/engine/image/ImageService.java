package dev.berth.engine.image;

import dev.berth.model.Rfc3339;
import dev.berth.content.ContentStore;
import dev.berth.content.Digest;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.NotImplemented;
import dev.berth.engine.error.SystemError;
import dev.berth.snapshot.Layer;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Local images: lookup (as dockerd resolves names, IDs and prefixes), load, save, import, tag,
 * remove, prune, list, inspect, history. Thread-safe: loads and imports run concurrently (read
 * lock) while removals, which delete layers, run alone (write lock).
 */
public final class ImageService implements ImageLookup {
  private volatile dev.berth.engine.events.EventBus events;
  private final ContentStore content;
  private final LayerStore layers;
  private final ImageStore images;
  private final ReferenceStore refs;
  private final LayerPins pins;
  private final Clock clock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /** Loads and imports one at a time: each removes the blobs it stored but no image uses. */
  private final java.util.concurrent.locks.ReentrantLock ingest = new java.util.concurrent.locks.ReentrantLock();
  private volatile ImageUsers users = imageId -> List.of();
  private volatile ImagePuller puller;

  public ImageService(Path dataRoot, ContentStore content, LayerStore layers, Clock clock) {
    this.content = content;
    this.layers = layers;
    this.clock = clock;
    var imageRoot = dataRoot.resolve("image");
    this.images = new ImageStore(content, imageRoot);
    this.refs = new ReferenceStore(imageRoot.resolve("repositories.json"));
    this.pins = new LayerPins(imageRoot.resolve("pinned-layers.json"));
    removeUnusedLayers();
  }

  /** At start: layers no image and no pin uses are what a crash left between an rmi's steps or a pull's. */
  private void removeUnusedLayers() {
    var inUse = pins.pinned();
    images.all().forEach(s -> inUse.addAll(s.record().layers()));
    try {
      for (var layer : layers.list()) {
        if (!inUse.contains(layer.chainId())) {
          layers.remove(layer.chainId());
          if (layer.blob() != null && layers.list().stream().noneMatch(l -> layer.blob().equals(l.blob()))) {
            content.delete(layer.blob());
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Set once at wiring time by the container service. */
  public void setUsers(ImageUsers users) {
    this.users = users;
  }

  /** Set at wiring time by the distribution subsystem. */
  /** Where tag, untag, delete, load, import and save events go (dockerd's image events). */
  public void setEvents(dev.berth.engine.events.EventBus bus) {
    this.events = bus;
  }

  /**
   * An image event as moby's {@code LogImageEvent}: actor the image ID, attributes the image's
   * labels and {@code name}.
   */
  void event(String action, Digest id, String name) {
    var bus = events;
    if (bus == null) return;
    var attributes = new java.util.HashMap<String, String>();
    images.get(id).ifPresent(s -> {
      var labels = s.config() == null ? null : s.config().configOrEmpty().labels();
      if (labels != null) attributes.putAll(labels);
    });
    attributes.put("name", name);
    bus.publish("image", action, id.toString(), attributes);
  }

  public void setPuller(ImagePuller puller) {
    this.puller = puller;
  }

  /** For {@code /info}. */
  public int imageCount() {
    return images.count();
  }

  @Override
  public LocalImage resolve(String reference) {
    var s = find(reference);
    var cfg = s.config();
    return new LocalImage(s.id().toString(), repoTags(s.id()), cfg.configOrEmpty(),
        s.record().layers().stream().map(Digest::hex).toList(), orEmpty(cfg.os()), orEmpty(cfg.architecture()));
  }

  /** {@code POST /images/create?fromImage=}: delegated to the distribution subsystem. */
  public void pull(String reference, String platform, String authHeader, Consumer<Object> progress) throws IOException {
    var p = puller;
    if (p == null) {
      throw new NotImplemented("pull is not available");
    }
    p.pull(reference, platform, authHeader, progress);
  }

  /**
   * Records an image the distribution subsystem pulled: its config blob ({@code id}) is in the
   * content store and its layers ({@code chainIds}, bottom first) in the layer store; then each of
   * {@code references} (tags and {@code name@digest} references, which become RepoDigests) points at it.
   */
  public void registerPulled(Digest id, List<Digest> chainIds, List<String> references) {
    lock.readLock().lock();
    try {
      images.put(new ImageRecord(id, chainIds, null, null));
      for (var reference : references) {
        refs.add(Reference.parse(reference), id);
      }
    } catch (IOException e) {
      throw new SystemError(e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The image {@code reference} names, with its config and layers (for builds). NotFound when absent. */
  public ImageParts parts(String reference) {
    var s = find(reference);
    return new ImageParts(s.id(), s.config(), s.record().layers(), s.record().parent());
  }

  /** Images whose parent is {@code parent} (null: images without one), for the build cache. */
  public List<ImageParts> children(Digest parent) {
    var out = new ArrayList<ImageParts>();
    for (var s : images.all()) {
      if (java.util.Objects.equals(parent, s.record().parent())) {
        out.add(new ImageParts(s.id(), s.config(), s.record().layers(), s.record().parent()));
      }
    }
    return out;
  }

  /**
   * The build cache's {@code --cache-from} restore (moby {@code restoreCachedImage}): stores the
   * image config {@code config} over the existing layers {@code chainIds}, child of {@code parent}.
   */
  public Digest restoreCached(byte[] config, List<Digest> chainIds, Digest parent) {
    lock.readLock().lock();
    try {
      return register(config, chainIds, parent, List.of(), null);
    } catch (IOException e) {
      throw new SystemError(e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Records {@code parent} as the parent of image {@code id} (moby's cache {@code SetParent}). */
  public void setParent(Digest id, Digest parent) {
    images.get(id).ifPresent(s -> images.update(new ImageRecord(id, s.record().layers(), s.record().lastTagTime(), parent)));
  }

  /** {@code POST /images/load}: messages are the lines dockerd streams ("Loaded image: busybox:latest\n"). */
  public void load(InputStream archive, Consumer<String> messages) {
    ingest.lock();
    lock.readLock().lock();
    try {
      new ArchiveLoader(content, layers, this).load(archive, messages);
    } catch (IOException e) {
      throw new InvalidArgument(e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
      ingest.unlock();
    }
  }

  /** {@code GET /images/get}: checks every name first (NotFound), then returns the writer. */
  public ArchiveWriter save(List<String> names) {
    var selected = ArchiveWriter.select(names, this);
    for (var image : selected) event("save", image.image().record().id(), image.image().record().id().toString());
    return new ArchiveWriter(content, layers, selected);
  }

  /** {@code POST /images/create?fromSrc=-}: returns the new image ID. */
  public Digest importImage(InputStream tar, ImportRequest request) {
    ingest.lock();
    lock.readLock().lock();
    try {
      return new ImageImporter(content, layers, this, clock).importImage(tar, request);
    } catch (IOException e) {
      throw new InvalidArgument(e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
      ingest.unlock();
    }
  }

  /**
   * Commit and build steps: records a child image of {@code parentRef} (null or empty: from
   * scratch). {@code layerTar} is the new layer as an uncompressed tar (read to its end here); null
   * or an empty tar adds no layer and marks the history entry {@code empty_layer}, as moby does.
   * The image records {@code parentRef}'s ID as its Parent; {@code tag} (may be null) points at it.
   * Returns the new image ID.
   *
   * @param os the container's OS, or null for the parent's
   */
  public Digest commit(String parentRef, InputStream layerTar, ChildImage child, String os, Reference tag) {
    ingest.lock();
    lock.readLock().lock();
    try {
      return new ChildImages(content, layers, this, clock).create(parentRef, layerTar, child, os, tag);
    } catch (IOException e) {
      throw new SystemError(e.getMessage(), e);
    } finally {
      lock.readLock().unlock();
      ingest.unlock();
    }
  }

  public List<ImageViews.Summary> list(boolean all, boolean digests, dev.berth.model.Filters filters) {
    return new ImageQueries(this).list(all, filters);
  }

  /** {@code system df}: images with {@code SharedSize} and {@code Containers}, and the layers' total size. */
  public ImageDiskUsage.Report diskUsage() {
    lock.readLock().lock();
    try {
      return ImageDiskUsage.of(this);
    } finally {
      lock.readLock().unlock();
    }
  }

  public ImageViews.Inspect inspect(String reference) {
    return new ImageQueries(this).inspect(find(reference));
  }

  public List<ImageViews.History> history(String reference) {
    return new ImageQueries(this).history(find(reference));
  }

  /** {@code POST /images/{name}/tag}: dockerd's checks and texts. */
  public void tag(String source, String repo, String tag) {
    if (repo == null || repo.isEmpty()) {
      throw new InvalidArgument("repository name must have at least one component");
    }
    var ref = Reference.parse(repo);
    if (ref.digest() != null) {
      throw new InvalidArgument("cannot tag using a digest reference");
    }
    ref = tag == null || tag.isEmpty() ? ref.tagNameOnly() : ref.withTag(tag);
    if (ref.familiarName().equals(Digest.SHA256)) {
      throw new InvalidArgument("refusing to create an ambiguous tag using digest algorithm as name");
    }
    var image = find(source);
    refs.add(ref, image.id());
    images.update(image.record().withLastTagTime(Rfc3339.format(clock.instant())));
    event("tag", image.id(), ref.familiar());
  }

  public List<ImageViews.Deleted> delete(String reference, boolean force, boolean noPrune) {
    lock.writeLock().lock();
    try {
      var id = find(reference).id();
      var records = new ImageRemover(this).delete(reference, force, !noPrune);
      for (var r : records) {
        if (r.untagged() != null) event("untag", id, id.toString());
        else if (id.toString().equals(r.deleted())) event("delete", id, id.toString());
      }
      return records;
    } finally {
      lock.writeLock().unlock();
    }
  }

  public ImageViews.PruneReport prune(dev.berth.model.Filters filters) {
    lock.writeLock().lock();
    try {
      var before = new java.util.HashSet<String>();
      images.all().forEach(st -> before.add(st.record().id().toString()));
      var report = new ImageRemover(this).prune(filters);
      for (var r : report.imagesDeleted() == null ? java.util.List.<ImageViews.Deleted>of() : report.imagesDeleted()) {
        if (r.deleted() != null && before.contains(r.deleted())) event("delete", Digest.parse(r.deleted()), r.deleted());
      }
      return report;
    } finally {
      lock.writeLock().unlock();
    }
  }

  // ---- package-private helpers shared by the loader, importer, remover and queries ----

  /** dockerd's {@code GetImage}: full ID, digest, reference, then ID prefix. */
  ImageStore.Stored find(String refOrId) {
    if (Reference.isFullHexId(refOrId)) {
      return images.get(Digest.ofHex(refOrId)).orElseThrow(() -> NotFound.image("sha256:" + refOrId));
    }
    if (refOrId.startsWith(Digest.SHA256 + ":") && Reference.isFullHexId(refOrId.substring(7))) {
      return images.get(Digest.parse(refOrId)).orElseThrow(() -> NotFound.image(refOrId));
    }
    var ref = Reference.parse(refOrId);
    var byRef = refs.get(ref).flatMap(images::get);
    if (byRef.isPresent()) {
      return byRef.get();
    }
    return images.search(refOrId).flatMap(images::get)
        .orElseThrow(() -> NotFound.image(ref.digest() != null ? ref.familiar() : ref.tagNameOnly().familiar()));
  }

  /** Stores a loaded or imported image and points {@code tags} at it; returns its ID. */
  Digest register(byte[] config, List<Layer> imageLayers, List<Reference> tags, Consumer<String> messages) throws IOException {
    return register(config, imageLayers.stream().map(Layer::chainId).toList(), null, tags, messages);
  }

  /** Stores an image made of the layers {@code chainIds} (bottom first), child of {@code parent} (may be null). */
  Digest register(byte[] config, List<Digest> chainIds, Digest parent, List<Reference> tags, Consumer<String> messages)
      throws IOException {
    var id = content.write(config);
    images.put(new ImageRecord(id, chainIds, null, parent));
    for (var tag : tags) {
      var old = refs.get(tag);
      if (old.isPresent() && !old.get().equals(id) && messages != null) {
        messages.accept("The image " + tag.familiar() + " already exists, renaming the old one with ID "
            + old.get() + " to empty string\n");
      }
      refs.add(tag, id);
    }
    return id;
  }

  List<String> repoTags(Digest id) {
    var out = new ArrayList<String>();
    for (var r : refs.referencesTo(id)) {
      if (r.tag() != null) {
        out.add(r.familiar());
      }
    }
    return out;
  }

  long size(ImageStore.Stored s) {
    long total = 0;
    for (var chain : s.record().layers()) {
      total += layers.get(chain).map(Layer::size).orElse(0L);
    }
    return total;
  }

  ImageStore images() {
    return images;
  }

  ReferenceStore refs() {
    return refs;
  }

  LayerStore layers() {
    return layers;
  }

  ImageUsers users() {
    return users;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Deletes an image and the layers no other image uses; returns the removed layers. With {@code
   * keepLayers} (containers still use it) its layers stay pinned until those containers are gone.
   */
  List<Layer> deleteImage(Digest id, boolean keepLayers) {
    try {
      var stored = images.get(id).orElseThrow(() -> NotFound.image(id.toString()));
      images.delete(id);
      var candidates = new java.util.LinkedHashSet<Digest>();
      if (keepLayers) {
        pins.pin(id, stored.record().layers());
      } else {
        candidates.addAll(stored.record().layers().reversed());
      }
      candidates.addAll(pins.releaseUnused(users));
      var inUse = pins.pinned();
      images.all().forEach(s -> inUse.addAll(s.record().layers()));
      var removed = new ArrayList<Layer>();
      for (var chain : candidates) {
        var layer = layers.get(chain);
        if (!inUse.contains(chain) && layer.isPresent()) {
          layers.remove(chain);
          var blob = layer.get().blob();
          if (blob != null && layers.list().stream().noneMatch(l -> blob.equals(l.blob()))) {
            content.delete(blob);
          }
          removed.add(layer.get());
        }
      }
      return removed;
    } catch (IOException e) {
      throw new SystemError(e.getMessage(), e);
    }
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }

}
