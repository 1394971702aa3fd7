package dev.berth.engine.container;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.model.Filters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code docker ps} selection, as moby's {@code daemon/list.go} does it: walk newest first; skip up
 * to and including the {@code before} container; stop at the {@code since} container; stopped
 * containers only with {@code all} or a {@code limit}; {@code name}, {@code id} and {@code status}
 * match as regular expressions; labels AND; {@code exited} needs a container that ran.
 */
final class ListFilter {
  static final List<String> ACCEPTED = List.of("ancestor", "before", "expose", "exited", "health", "id", "isolation",
      "is-task", "label", "name", "network", "publish", "since", "status", "volume");
  static final Set<String> STATES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

  private final Filters filters;
  private final boolean all;
  private final int limit;
  private final List<Integer> exited = new ArrayList<>();
  private final Set<String> ancestorImageIds;

  /**
   * @param lookup finds a container by id, name or prefix (for before/since)
   * @param imageIds resolves an {@code ancestor} value to an image id, or null when unknown
   */
  ListFilter(ListOptions options, Function<String, Container> lookup, Function<String, String> imageIds) {
    this.filters = options.filters().accept(ACCEPTED);
    this.limit = options.limit();
    boolean everything = options.all();
    for (var v : filters.get("exited")) {
      try {
        exited.add(Integer.parseInt(v));
      } catch (NumberFormatException e) {
        throw new InvalidArgument("invalid filter 'exited=" + v + "': strconv.Atoi: parsing \"" + v + "\": invalid syntax");
      }
    }
    for (var v : filters.get("status")) {
      if (!STATES.contains(v)) {
        throw new InvalidArgument("invalid filter 'status=" + v + "': invalid value for state (" + v
            + "): must be one of created, running, paused, restarting, removing, exited, dead");
      }
      everything = true;
    }
    this.all = everything;
    var ids = new java.util.HashSet<String>();
    for (var v : filters.get("ancestor")) {
      var id = imageIds.apply(v);
      if (id != null) ids.add(id);
    }
    this.ancestorImageIds = ids;
    this.before = one("before", lookup);
    this.since = one("since", lookup);
  }

  private String before;
  private final String since;

  private String one(String key, Function<String, Container> lookup) {
    String id = null;
    for (var v : filters.get(key)) {
      try {
        id = lookup.apply(v).id;
      } catch (NotFound e) {
        throw new NotFound("No such container: " + v);
      }
    }
    return id;
  }

  /** Selects from {@code newestFirst} in order. */
  List<Container> select(List<Container> newestFirst) {
    var out = new ArrayList<Container>();
    for (var c : newestFirst) {
      if (before != null) {
        if (c.id.equals(before)) before = null;
        continue;
      }
      if (since != null && c.id.equals(since)) break;
      var r = c.record();
      var s = r.state();
      if (!s.running() && !all && limit <= 0) continue;
      if (!matches("name", r.name()) && !matches("name", r.shortName())) continue;
      if (!matches("id", r.id())) continue;
      if (!filters.matchesLabels(r.config().labels())) continue;
      if (limit > 0 && out.size() == limit) break;
      if (!exited.isEmpty() && (s.running() || !s.everStarted() || !exited.contains(s.exitCode()))) continue;
      if (!matches("status", s.status(c.removing()))) continue;
      if (filters.has("ancestor") && !ancestorImageIds.contains(r.image())) continue;
      if (filters.has("health") && !filters.get("health").contains("none")) continue;
      if (filters.has("is-task") && filters.get("is-task").stream().anyMatch(v -> v.equals("true") || v.equals("1"))) continue;
      out.add(c);
    }
    return out;
  }

  /** moby {@code filters.Match}: absent key matches; else any value equal to, or a regexp found in, the source. */
  private boolean matches(String key, String source) {
    if (!filters.has(key)) return true;
    for (var v : filters.get(key)) {
      if (v.equals(source)) return true;
      try {
        if (Pattern.compile(v).matcher(source).find()) return true;
      } catch (PatternSyntaxException e) {
        // not a pattern: only the exact match counted
      }
    }
    return false;
  }
}
