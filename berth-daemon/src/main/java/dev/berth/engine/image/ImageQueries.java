package dev.berth.engine.image;

import dev.berth.model.Rfc3339;
import dev.berth.content.Digest;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Filters;
import dev.berth.snapshot.Layer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The read side of the image endpoints: list with filters, inspect and history shapes. */
final class ImageQueries {
  private static final Set<String> LIST_FILTERS = Set.of("before", "dangling", "label", "reference", "since", "until");

  private final ImageService service;

  ImageQueries(ImageService service) {
    this.service = service;
  }

  /** {@code all} false hides intermediate images (untagged parents of others, as builds leave them), as dockerd. */
  List<ImageViews.Summary> list(boolean all, Filters filters) {
    filters.accept(LIST_FILTERS);
    Boolean dangling = filters.has("dangling") ? bool(filters, "dangling") : null;
    var now = service.clock().instant();
    Instant before = bound(filters, "before", true);
    Instant since = bound(filters, "since", false);
    Instant until = null;
    for (var u : filters.get("until")) {
      until = Timestamps.parse(u, now);
    }
    var patterns = filters.get("reference").stream().map(ImageQueries::glob).toList();
    var out = new ArrayList<ImageViews.Summary>();
    var parents = new java.util.HashSet<Digest>();
    for (var s : service.images().all()) {
      if (s.record().parent() != null) {
        parents.add(s.record().parent());
      }
    }
    for (var s : service.images().all()) {
      var created = Rfc3339.parse(s.config().created());
      var at = created == null ? Instant.EPOCH : created;
      if ((before != null && !at.isBefore(before)) || (since != null && !at.isAfter(since))
          || (until != null && !at.isBefore(until))) {
        continue;
      }
      var labels = s.config().configOrEmpty().labels();
      if (!filters.matchesLabels(labels)) {
        continue;
      }
      var tags = new ArrayList<String>();
      var digests = new ArrayList<String>();
      for (var ref : service.refs().referencesTo(s.id())) {
        if (!patterns.isEmpty() && patterns.stream().noneMatch(p -> p.matcher(ref.familiar()).matches()
            || p.matcher(ref.familiarName()).matches())) {
          continue;
        }
        (ref.digest() != null ? digests : tags).add(ref.familiar());
      }
      if (tags.isEmpty() && digests.isEmpty()) {
        if (Boolean.FALSE.equals(dangling) || !patterns.isEmpty() || (!all && parents.contains(s.id()))) {
          continue;
        }
      } else if (Boolean.TRUE.equals(dangling) && !tags.isEmpty()) {
        continue;
      }
      out.add(new ImageViews.Summary(-1, at.getEpochSecond(), s.id().toString(), labels,
          s.record().parent() == null ? "" : s.record().parent().toString(), digests, tags, -1, service.size(s), null));
    }
    out.sort(Comparator.comparingLong(ImageViews.Summary::created).reversed());
    return out;
  }

  ImageViews.Inspect inspect(ImageStore.Stored s) {
    var c = s.config();
    var keys = s.record().layers().stream().map(Digest::hex).toList();
    var data = new LinkedHashMap<String, String>();
    if (!keys.isEmpty()) {
      var root = service.layers().root();
      var top = keys.getLast();
      if (keys.size() > 1) {
        var lower = new ArrayList<String>();
        for (var k : keys.subList(0, keys.size() - 1).reversed()) {
          lower.add(service.layers().diffDir(k).toString());
        }
        data.put("LowerDir", String.join(":", lower));
      }
      data.put("MergedDir", root.resolve(top).resolve("merged").toString());
      data.put("UpperDir", service.layers().diffDir(top).toString());
      data.put("WorkDir", root.resolve(top).resolve("work").toString());
    }
    var created = Rfc3339.parse(c.created());
    var digests = service.refs().referencesTo(s.id()).stream().filter(r -> r.digest() != null).map(Reference::familiar).toList();
    return new ImageViews.Inspect(
        s.id().toString(), service.repoTags(s.id()), digests,
        s.record().parent() == null ? "" : s.record().parent().toString(),
        ImageService.orEmpty(c.comment()), created == null ? "" : Rfc3339.format(created),
        ImageService.orEmpty(c.container()), c.containerConfig() == null ? dev.berth.model.ContainerConfig.empty() : c.containerConfig().withStringDefaults(),
        ImageService.orEmpty(c.dockerVersion()), ImageService.orEmpty(c.author()), c.configOrEmpty().withStringDefaults(),
        ImageService.orEmpty(c.architecture()), c.variant(), ImageService.orEmpty(c.os()), c.osVersion(),
        service.size(s), null, new ImageViews.GraphDriver(data, "overlay2"),
        new ImageViews.RootFs("layers", c.diffIds().stream().map(Digest::toString).toList()),
        new ImageViews.Metadata(s.record().lastTagTime() == null ? Rfc3339.ZERO : s.record().lastTagTime()));
  }

  List<ImageViews.History> history(ImageStore.Stored s) {
    var c = s.config();
    var chains = s.record().layers();
    var out = new ArrayList<ImageViews.History>();
    int layer = 0;
    var entries = c.history() == null ? List.<ImageConfig.History>of() : c.history();
    for (var h : entries) {
      long size = 0;
      if (!h.emptyLayer() && layer < chains.size()) {
        size = service.layers().get(chains.get(layer++)).map(Layer::size).orElse(0L);
      }
      var created = Rfc3339.parse(h.created());
      out.add(new ImageViews.History("<missing>", created == null ? 0 : created.getEpochSecond(),
          ImageService.orEmpty(h.createdBy()), null, size, ImageService.orEmpty(h.comment())));
    }
    if (out.isEmpty()) {
      var created = Rfc3339.parse(c.created());
      out.add(new ImageViews.History("<missing>", created == null ? 0 : created.getEpochSecond(), "", null, service.size(s), ""));
    }
    var newest = out.reversed();
    var top = newest.getFirst();
    newest = new ArrayList<>(newest);
    newest.set(0, new ImageViews.History(s.id().toString(), top.created(), top.createdBy(), service.repoTags(s.id()), top.size(), top.comment()));
    return newest;
  }

  private Instant bound(Filters filters, String key, boolean before) {
    Instant out = null;
    for (var ref : filters.get(key)) {
      var created = Rfc3339.parse(service.find(ref).config().created());
      out = created == null ? Instant.EPOCH : created;
    }
    return out;
  }

  static boolean bool(Filters filters, String key) {
    var values = filters.get(key);
    boolean any = false;
    boolean result = false;
    for (var v : values) {
      switch (v.toLowerCase()) {
        case "true", "1" -> result = true;
        case "false", "0" -> result = false;
        default -> throw new InvalidArgument("invalid filter '" + key + "=" + v + "'");
      }
      any = true;
    }
    return any && result;
  }

  /** Go's {@code path.Match} glob as a regex: {@code *} and {@code ?} never match {@code /}. */
  static Pattern glob(String pattern) {
    var re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      switch (ch) {
        case '*' -> re.append("[^/]*");
        case '?' -> re.append("[^/]");
        case '[' -> {
          int end = pattern.indexOf(']', i + 1);
          if (end < 0) {
            throw new InvalidArgument("syntax error in pattern");
          }
          var cls = pattern.substring(i + 1, end);
          re.append('[').append(cls.startsWith("^") ? "^" + cls.substring(1) : cls).append(']');
          i = end;
        }
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
