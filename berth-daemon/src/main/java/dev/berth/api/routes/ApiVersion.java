package dev.berth.api.routes;

/** Compares dotted API versions as moby's {@code versions.GreaterThanOrEqualTo} does. */
final class ApiVersion {
  private ApiVersion() {}

  static boolean atLeast(String version, String wanted) {
    var a = version.split("\\.");
    var b = wanted.split("\\.");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      int x = i < a.length ? num(a[i]) : 0;
      int y = i < b.length ? num(b[i]) : 0;
      if (x != y) return x > y;
    }
    return true;
  }

  private static int num(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
