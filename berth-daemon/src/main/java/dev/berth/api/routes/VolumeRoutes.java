package dev.berth.api.routes;

import dev.berth.api.server.Router;
import dev.berth.api.server.Routes;
import dev.berth.engine.error.Unavailable;
import dev.berth.engine.volume.VolumeService;
import dev.berth.model.VolumeCreateRequest;

/** {@code /volumes}: list, create, inspect, remove, prune (cluster volume update answers as dockerd without swarm). */
public final class VolumeRoutes implements Routes {
  private final VolumeService volumes;

  public VolumeRoutes(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public void register(Router r) {
    r.get("/volumes", (req, res) -> res.ok(volumes.list(req.filters())));
    r.post("/volumes/create", (req, res) -> res.created(volumes.create(req.json(VolumeCreateRequest.class))));
    r.get("/volumes/{name}", (req, res) -> res.ok(volumes.inspect(req.path("name"))));
    r.put("/volumes/{name}", (req, res) -> {
      throw new Unavailable("volume update only valid for cluster volumes, but swarm is unavailable");
    });
    r.delete("/volumes/{name}", (req, res) -> {
      volumes.remove(req.path("name"), req.bool("force", false));
      res.noContent();
    });
    // API < 1.42 pruned named volumes too; 1.42 made that opt-in with the "all" filter.
    r.post("/volumes/prune", (req, res) -> res.ok(volumes.prune(req.filters(), !ApiVersion.atLeast(req.apiVersion(), "1.42"))));
  }
}
