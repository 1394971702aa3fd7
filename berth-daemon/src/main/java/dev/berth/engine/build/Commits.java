package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.container.ContainerCreate;
import dev.berth.model.ContainerConfig;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The parts of a step every instruction shares (moby's {@code probeAndCreate} and {@code
 * commitContainer}): the cache probe with its {@code ---> Using cache}, the intermediate container
 * with its {@code ---> Running in} and {@code Removing intermediate container}, and the commit.
 */
final class Commits {
  private final BuildTools tools;
  private final BuildRequest request;
  private final BuildOutput out;
  private final SecureRandom random = new SecureRandom();
  private final CacheSources cacheFrom;

  Commits(BuildTools tools, BuildRequest request, BuildOutput out) {
    this.tools = tools;
    this.request = request;
    this.out = out;
    var sources = new java.util.ArrayList<dev.berth.engine.image.ImageParts>();
    for (var ref : request.cacheFrom()) {
      try {
        sources.add(tools.images().parts(ref));
      } catch (dev.berth.engine.error.NotFound e) {
        // moby only logs "Could not look up cache image" and builds on
      }
    }
    this.cacheFrom = new CacheSources(tools.images(), sources);
  }

  /** A metadata-only step: {@code comment} is what {@code #(nop)} records ("ENV A=1"). */
  void metadata(Stage st, String comment) {
    var probe = st.config.toContainerConfig("", image(st), ImageWriter.nopCmd(comment), null, null, true);
    if (cached(st, probe)) {
      return;
    }
    var id = create(st, probe, null);
    var createdBy = "/bin/sh -c #(nop)  " + comment;
    if (st.parent() == null) {
      tools.writer().commitTree(st, id, withHostname(probe, id), null, createdBy);
    } else {
      tools.writer().commitContainer(st, id, withHostname(probe, id), createdBy, true);
    }
    remove(id, true);
  }

  /** Returns true (and moves the stage to the cached image) on a cache hit. */
  boolean cached(Stage st, ContainerConfig probe) {
    if (request.noCache()) {
      return false;
    }
    var hit = tools.cache().probe(st.parent(), probe, cacheFrom);
    if (hit.isEmpty()) {
      return false;
    }
    out.stream(" ---> Using cache\n");
    st.imageId = hit.get();
    return true;
  }

  /**
   * Creates the step's intermediate container (none for a stage on {@code scratch}: a random ID
   * stands in) and prints {@code ---> Running in}. {@code hostConfig} null: no resources.
   */
  String create(Stage st, ContainerConfig config, HostConfig hostConfig) {
    String id;
    if (st.parent() == null) {
      id = randomId();
    } else {
      var hc = hostConfig != null ? hostConfig : Json.mapper().convertValue(Map.of("NetworkMode", "none"), HostConfig.class);
      id = tools.containers().create(new ContainerCreate("", config, hc, Map.of())).id();
    }
    out.stream(" ---> Running in " + id.substring(0, 12) + "\n");
    return id;
  }

  /** A container-like ID for a step that needs no container (COPY, or any step on scratch). */
  String randomId() {
    var bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Removes an intermediate container as {@code --rm}/{@code --force-rm} say; {@code success}: the step worked. */
  void remove(String id, boolean success) {
    if (!(success ? request.rm() || request.forceRm() : request.forceRm())) {
      return;
    }
    if (exists(id)) {
      tools.containers().remove(id, true, false);
    }
    out.stream("Removing intermediate container " + id.substring(0, 12) + "\n");
  }

  /** Commits the changes of the intermediate container {@code id}. */
  Digest commitContainer(Stage st, ContainerConfig containerConfig, String id, List<String> cmd) {
    return tools.writer().commitContainer(st, id, withHostname(containerConfig, id), String.join(" ", cmd), false);
  }

  /** Commits the changes in {@code upper} (a step without a container, or on scratch). */
  Digest commitTree(Stage st, ContainerConfig containerConfig, String id, java.nio.file.Path upper, List<String> cmd) {
    return tools.writer().commitTree(st, id, withHostname(containerConfig, id), upper, String.join(" ", cmd));
  }

  private boolean exists(String id) {
    try {
      tools.containers().inspect(id, false);
      return true;
    } catch (dev.berth.engine.error.NotFound e) {
      return false;
    }
  }

  static String image(Stage st) {
    return st.parent() == null ? "" : st.parent().toString();
  }

  static ContainerConfig withHostname(ContainerConfig c, String id) {
    return new ContainerConfig(id.substring(0, 12), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(),
        c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(), c.healthcheck(),
        c.argsEscaped(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(), c.networkDisabled(), c.macAddress(),
        c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(), c.shell());
  }
}
