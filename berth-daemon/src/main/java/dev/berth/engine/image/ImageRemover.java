package dev.berth.engine.image;

import dev.berth.model.Rfc3339;
import dev.berth.content.Digest;
import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.EngineException;
import dev.berth.model.Filters;
import dev.berth.snapshot.Layer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code docker rmi} and {@code docker image prune} with dockerd's conflict rules (moby
 * daemon/images/image_delete.go): hard conflicts (a running container, a child image) can never be
 * forced; soft ones (a stopped container, other references) need {@code force}. Runs under the
 * service's write lock.
 */
final class ImageRemover {
  private static final int CHILD = 1;
  private static final int RUNNING = 2;
  private static final int ACTIVE_REF = 4;
  private static final int STOPPED = 8;
  private static final int HARD = CHILD | RUNNING;
  private static final int SOFT = ACTIVE_REF | STOPPED;
  private static final Set<String> PRUNE_FILTERS = Set.of("dangling", "until", "label", "label!");

  private final ImageService service;
  private long reclaimed;

  ImageRemover(ImageService service) {
    this.service = service;
  }

  List<ImageViews.Deleted> delete(String reference, boolean force, boolean prune) {
    var image = service.find(reference);
    var id = image.id();
    var records = new ArrayList<ImageViews.Deleted>();
    var repoRefs = service.refs().referencesTo(id);
    boolean removedRepositoryRef = false;
    if (!isIdPrefix(id, reference)) {
      if (!force && isSingleReference(repoRefs)) {
        var user = service.users().usersOf(id.toString()).stream().findFirst();
        if (user.isPresent()) {
          throw new Conflict("conflict: unable to remove repository reference \"" + reference
              + "\" (must force) - container " + shortId(user.get().containerId())
              + " is using its referenced image " + id.shortHex());
        }
      }
      var parsed = Reference.parse(reference).storeKey();
      service.refs().delete(parsed);
      records.add(ImageViews.Deleted.untagged(parsed.familiar()));
      repoRefs = service.refs().referencesTo(id);
      if (parsed.digest() == null) {
        boolean tagLeft = repoRefs.stream().anyMatch(r -> r.digest() == null && r.name().equals(parsed.name()));
        if (!tagLeft) {
          var remaining = new ArrayList<Reference>();
          for (var r : repoRefs) {
            if (r.digest() != null && r.name().equals(parsed.name())) {
              service.refs().delete(r);
              records.add(ImageViews.Deleted.untagged(r.familiar()));
            } else {
              remaining.add(r);
            }
          }
          repoRefs = remaining;
        }
      }
      if (!repoRefs.isEmpty()) {
        return records;
      }
      removedRepositoryRef = true;
    } else if (isSingleReference(repoRefs)) {
      int mask = HARD | (force ? 0 : (SOFT & ~ACTIVE_REF));
      var conflict = conflict(id, mask);
      if (conflict != null) {
        throw conflict.error();
      }
      for (var r : repoRefs) {
        service.refs().delete(r);
        records.add(ImageViews.Deleted.untagged(r.familiar()));
      }
    }
    deleteHelper(id, records, force, removedRepositoryRef);
    return records;
  }

  ImageViews.PruneReport prune(Filters filters) {
    filters.accept(PRUNE_FILTERS);
    boolean danglingOnly = !filters.has("dangling") || ImageQueries.bool(filters, "dangling");
    Instant until = null;
    for (var u : filters.get("until")) {
      until = Timestamps.parse(u, service.clock().instant());
    }
    var records = new ArrayList<ImageViews.Deleted>();
    for (var s : service.images().all()) {
      if (service.images().get(s.id()).isEmpty() || !service.users().usersOf(s.id().toString()).isEmpty()) {
        continue;
      }
      var created = Rfc3339.parse(s.config().created());
      if (until != null && created != null && !created.isBefore(until)) {
        continue;
      }
      var labels = s.config().configOrEmpty().labels();
      if (!filters.matchesLabels(labels) || excludedByLabel(filters, labels)) {
        continue;
      }
      var refs = service.refs().referencesTo(s.id());
      if (danglingOnly && !refs.isEmpty()) {
        continue;
      }
      try {
        if (refs.isEmpty()) {
          records.addAll(delete(s.id().toString(), false, true));
        } else {
          for (var r : refs) {
            records.addAll(delete(r.toString(), false, true));
          }
        }
      } catch (Conflict e) {
        // dockerd skips images it cannot delete and goes on
      }
    }
    return new ImageViews.PruneReport(records.isEmpty() ? null : records, reclaimed);
  }

  private static boolean excludedByLabel(Filters filters, java.util.Map<String, String> labels) {
    var have = labels == null ? java.util.Map.<String, String>of() : labels;
    for (var not : filters.get("label!")) {
      int eq = not.indexOf('=');
      if (eq < 0 ? have.containsKey(not) : not.substring(eq + 1).equals(have.get(not.substring(0, eq)))) {
        return true;
      }
    }
    return false;
  }

  private void deleteHelper(Digest id, List<ImageViews.Deleted> records, boolean force, boolean quiet) {
    var conflict = conflict(id, HARD | (force ? 0 : SOFT));
    if (conflict != null) {
      if (quiet && (!dangling(id) || conflict.used())) {
        return;
      }
      throw conflict.error();
    }
    for (var r : service.refs().referencesTo(id)) {
      service.refs().delete(r);
      records.add(ImageViews.Deleted.untagged(r.familiar()));
    }
    boolean usedByContainers = !service.users().usersOf(id.toString()).isEmpty();
    var removed = service.deleteImage(id, usedByContainers);
    records.add(ImageViews.Deleted.deleted(id.toString()));
    for (Layer l : removed) {
      records.add(ImageViews.Deleted.deleted(l.chainId().toString()));
      reclaimed += l.size();
    }
  }

  private record Found(boolean hard, boolean used, Digest id, String message) {
    EngineException error() {
      return new Conflict("conflict: unable to delete " + id.shortHex() + " ("
          + (hard ? "cannot be forced" : "must be forced") + ") - " + message);
    }
  }

  private Found conflict(Digest id, int mask) {
    if ((mask & CHILD) != 0 && service.images().all().stream().anyMatch(s -> id.equals(s.record().parent()))) {
      return new Found(true, false, id, "image has dependent child images");
    }
    var users = service.users().usersOf(id.toString());
    if ((mask & RUNNING) != 0) {
      for (var u : users) {
        if (u.running()) {
          return new Found(true, true, id, "image is being used by running container " + shortId(u.containerId()));
        }
      }
    }
    if ((mask & ACTIVE_REF) != 0 && !service.refs().referencesTo(id).isEmpty()) {
      return new Found(false, false, id, "image is referenced in multiple repositories");
    }
    if ((mask & STOPPED) != 0) {
      for (var u : users) {
        if (!u.running()) {
          return new Found(false, true, id, "image is being used by stopped container " + shortId(u.containerId()));
        }
      }
    }
    return null;
  }

  private boolean dangling(Digest id) {
    return service.refs().referencesTo(id).isEmpty()
        && service.images().all().stream().noneMatch(s -> id.equals(s.record().parent()));
  }

  /** dockerd's isSingleReference: one repository, at most one tag; false when empty. */
  static boolean isSingleReference(List<Reference> refs) {
    if (refs.size() <= 1) {
      return refs.size() == 1;
    }
    Reference single = null;
    var canonical = new java.util.HashSet<String>();
    for (var r : refs) {
      if (r.digest() != null) {
        canonical.add(r.name());
      } else if (single == null) {
        single = r;
      } else {
        return false;
      }
    }
    if (single == null) {
      single = refs.getFirst();
    }
    return canonical.size() == 1 && canonical.contains(single.name());
  }

  static boolean isIdPrefix(Digest id, String prefix) {
    return id.toString().startsWith(prefix) || id.hex().startsWith(prefix);
  }

  private static String shortId(String id) {
    int colon = id.indexOf(':');
    var s = colon >= 0 ? id.substring(colon + 1) : id;
    return s.length() > 12 ? s.substring(0, 12) : s;
  }
}
