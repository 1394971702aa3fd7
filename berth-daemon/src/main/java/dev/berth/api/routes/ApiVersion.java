package dev.berth.api.routes;

import dev.berth.api.server.ApiVersions;

/** Version gates for route behaviour, on moby's comparison ({@link ApiVersions#compare}). */
final class ApiVersion {
  private ApiVersion() {}

  /** {@code version >= wanted}, as moby's {@code versions.GreaterThanOrEqualTo}. */
  static boolean atLeast(String version, String wanted) {
    return ApiVersions.compare(version, wanted) >= 0;
  }
}
