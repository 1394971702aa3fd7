package dev.berth.api.server;

import dev.berth.engine.error.InvalidArgument;

/**
 * The API versions served: {@code current} is announced and used for unversioned paths; paths may
 * ask for anything from {@code minimum} up to {@code current}. Texts are moby's
 * ({@code api/server/middleware/version.go}).
 */
public record ApiVersions(String current, String minimum) {
  public static final ApiVersions DEFAULT = new ApiVersions("1.44", "1.24");

  public ApiVersions {
    if (compare(minimum, current) > 0) {
      throw new IllegalArgumentException("minimum API version above current");
    }
  }

  /** Throws dockerd's 400 when {@code requested} is outside the served range. */
  void check(String requested) {
    if (compare(requested, minimum) < 0) {
      throw new InvalidArgument("client version " + requested + " is too old. Minimum supported API version is "
          + minimum + ", please upgrade your client to a newer version");
    }
    if (compare(requested, current) > 0) {
      throw new InvalidArgument("client version " + requested + " is too new. Maximum supported API version is " + current);
    }
  }

  /** Compares dotted versions numerically, as moby's {@code versions.compare} (missing parts are 0). */
  public static int compare(String a, String b) {
    var x = a.split("\\.");
    var y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? parse(x[i]) : 0;
      int q = i < y.length ? parse(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static int parse(String part) {
    try {
      return part.isEmpty() ? 0 : Integer.parseInt(part);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
