package dev.berth.api.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registered routes and their matching. Patterns are unversioned; {@code {x}} matches one
 * segment, {@code {x*}} one or more (greedy, for image names with slashes) with the pattern's
 * remaining segments matched against the end of the path. When several patterns match, the one
 * with more literal segments wins, then a pattern without a greedy placeholder. Registration happens
 * before the server starts; matching is then read-only and thread-safe.
 */
public final class RouteTable implements Router {
  private static final System.Logger LOG = System.getLogger(RouteTable.class.getName());

  private final List<Pattern> patterns = new ArrayList<>();

  /** A route found for a request, with the decoded placeholder values. */
  record Match(Route route, Map<String, String> params) {}

  @Override
  public void get(String pattern, Route route) {
    add("GET", pattern, route);
  }

  @Override
  public void head(String pattern, Route route) {
    add("HEAD", pattern, route);
  }

  @Override
  public void post(String pattern, Route route) {
    add("POST", pattern, route);
  }

  @Override
  public void put(String pattern, Route route) {
    add("PUT", pattern, route);
  }

  @Override
  public void delete(String pattern, Route route) {
    add("DELETE", pattern, route);
  }

  public void add(String method, String pattern, Route route) {
    var parsed = Pattern.parse(method, pattern, route);
    for (var p : patterns) {
      if (p.method.equals(method) && p.text.equals(parsed.text)) {
        // A bug in a Routes class, but not one worth refusing to start the daemon over.
        LOG.log(System.Logger.Level.ERROR, "route registered twice, keeping the first: {0} {1}", method, pattern);
        return;
      }
    }
    patterns.add(parsed);
  }

  /** The best route for {@code method} and an unversioned, still percent-encoded path. */
  Optional<Match> match(String method, String rawPath) {
    var segments = split(rawPath);
    Match best = null;
    int bestScore = -1;
    for (var p : patterns) {
      if (!p.method.equals(method)) {
        continue;
      }
      var params = p.match(segments);
      if (params != null && p.score > bestScore) {
        best = new Match(p.route, params);
        bestScore = p.score;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Path segments, percent-decoded one by one so an encoded slash stays inside its segment. */
  static List<String> split(String rawPath) {
    var out = new ArrayList<String>();
    for (var part : rawPath.split("/", -1)) {
      if (!part.isEmpty()) {
        out.add(PercentDecoder.decode(part));
      }
    }
    return out;
  }

  private record Segment(String literal, String param, boolean greedy) {}

  private static final class Pattern {
    final String method;
    final String text;
    final Route route;
    final List<Segment> segments = new ArrayList<>();
    int greedyAt = -1;
    int score;

    private Pattern(String method, String text, Route route) {
      this.method = method;
      this.text = text;
      this.route = route;
    }

    static Pattern parse(String method, String text, Route route) {
      if (!text.startsWith("/")) {
        throw new IllegalArgumentException("pattern must start with /: " + text);
      }
      var p = new Pattern(method, text, route);
      for (var part : text.substring(1).split("/")) {
        if (part.isEmpty()) {
          continue;
        }
        if (part.startsWith("{") && part.endsWith("}")) {
          var name = part.substring(1, part.length() - 1);
          boolean greedy = name.endsWith("*");
          if (greedy) {
            if (p.greedyAt >= 0) {
              throw new IllegalArgumentException("two greedy placeholders in " + text);
            }
            name = name.substring(0, name.length() - 1);
            p.greedyAt = p.segments.size();
          }
          p.segments.add(new Segment(null, name, greedy));
        } else {
          p.segments.add(new Segment(part, null, false));
          p.score += 2;
        }
      }
      if (p.greedyAt < 0) {
        p.score += 1;
      }
      return p;
    }

    Map<String, String> match(List<String> path) {
      int n = segments.size();
      if (greedyAt < 0 ? path.size() != n : path.size() < n) {
        return null;
      }
      var params = new HashMap<String, String>();
      int head = greedyAt < 0 ? n : greedyAt;
      for (int i = 0; i < head; i++) {
        if (!matchOne(segments.get(i), path.get(i), params)) {
          return null;
        }
      }
      if (greedyAt >= 0) {
        int tail = n - greedyAt - 1;
        for (int i = 0; i < tail; i++) {
          if (!matchOne(segments.get(n - 1 - i), path.get(path.size() - 1 - i), params)) {
            return null;
          }
        }
        params.put(segments.get(greedyAt).param, String.join("/", path.subList(greedyAt, path.size() - tail)));
      }
      return params;
    }

    private static boolean matchOne(Segment s, String value, Map<String, String> params) {
      if (s.literal != null) {
        return s.literal.equals(value);
      }
      params.put(s.param, value);
      return true;
    }
  }
}
