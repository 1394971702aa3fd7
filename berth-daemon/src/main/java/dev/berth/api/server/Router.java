package dev.berth.api.server;

/**
 * Registration side of the versioned router. Patterns are unversioned paths with {@code {name}}
 * placeholders, e.g. {@code /containers/{id}/start}; the server also serves each under
 * {@code /vX.Y/…}. A placeholder matches one path segment, except a trailing {@code {name*}} which
 * matches the rest of the path (image names contain slashes: {@code /images/{name*}/json} is
 * registered as {@code /images/{name*}} plus suffix matching done by the router).
 */
public interface Router {
  void get(String pattern, Route route);

  void head(String pattern, Route route);

  void post(String pattern, Route route);

  void put(String pattern, Route route);

  void delete(String pattern, Route route);
}
