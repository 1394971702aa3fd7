package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.system.DiskUsageService;
import java.util.List;

/** {@code GET /system/df}; the {@code type} parameter counts from API 1.42 (moby {@code system_routes.go}). */
public final class DiskUsageRoutes implements Routes {
  private final DiskUsageService usage;

  public DiskUsageRoutes(DiskUsageService usage) {
    this.usage = usage;
  }

  @Override
  public void register(Router r) {
    r.get("/system/df", (req, res) -> res.ok(usage.usage(
        ApiVersion.atLeast(req.apiVersion(), "1.42") ? req.queryAll("type") : List.of())));
  }
}
