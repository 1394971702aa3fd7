package dev.berth.api.routes;

import dev.berth.api.server.Route;
import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.error.NotImplemented;
import dev.berth.engine.plugin.PluginViews;

/**
 * {@code /plugins}: the active legacy plugins in the managed-plugin shape; the managed-plugin
 * operations ({@code docker plugin install} …) are answered with 501 and a clear message.
 */
public final class PluginRoutes implements Routes {
  private final PluginViews plugins;

  public PluginRoutes(PluginViews plugins) {
    this.plugins = plugins;
  }

  @Override
  public void register(Router r) {
    r.get("/plugins", (req, res) -> res.ok(plugins.list(req.filters())));
    r.get("/plugins/{name*}/json", (req, res) -> res.ok(plugins.inspect(req.path("name"))));
    Route unsupported = (req, res) -> {
      throw new NotImplemented(PluginViews.MANAGED_UNSUPPORTED);
    };
    r.get("/plugins/privileges", unsupported);
    r.post("/plugins/pull", unsupported);
    r.post("/plugins/create", unsupported);
    r.delete("/plugins/{name*}", unsupported);
    for (var action : new String[] {"enable", "disable", "upgrade", "push", "set"}) {
      r.post("/plugins/{name*}/" + action, unsupported);
    }
  }
}
