package dev.berth.engine.container;

import dev.berth.model.Rfc3339;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.NotImplemented;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.logs.LogDrivers;
import dev.berth.engine.logs.LogInfo;
import dev.berth.engine.logs.LogRotator;
import dev.berth.engine.logs.LogSettings;
import dev.berth.model.HostConfig.LogConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A container's log driver (engine.logs) seen from the container: its settings, where conmon
 * writes, and what inspect shows. json-file writes {@code <id>-json.log} in the container folder,
 * local {@code local-logs/container.log} there (both in conmon's k8s-file format, with rotated
 * siblings {@code .1}, {@code .2.gz} …); none writes nothing.
 */
final class ContainerLogging {
  private ContainerLogging() {}

  static LogConfig config(Container c) {
    var lc = c.hostConfig().logConfig();
    return lc == null || lc.type() == null ? new LogConfig(LogDrivers.JSON_FILE, Map.of()) : lc;
  }

  static LogInfo info(ContainerRecord r) {
    var cfg = r.config();
    return new LogInfo(r.id(), r.shortName(), r.image(), cfg.image(), cfg.labels(), cfg.env());
  }

  /** The settings checked at start, as dockerd starts the logger: a bad value fails the start (500). */
  static LogSettings atStart(Container c) {
    try {
      return LogSettings.of(config(c), info(c.record()));
    } catch (EngineException e) {
      throw new SystemError("failed to initialize logging driver: " + e.getMessage());
    }
  }

  /** The settings for reading; a value start would refuse reads as the defaults. */
  static LogSettings settings(Container c) {
    try {
      return LogSettings.of(config(c), info(c.record()));
    } catch (EngineException e) {
      return new LogSettings(config(c).type(), -1, 1, false, Map.of());
    }
  }

  /** Where conmon writes this container's log; null for the none driver. */
  static Path file(Container c) {
    var json = Path.of(c.record().logPath());
    return switch (config(c).type()) {
      case LogDrivers.NONE -> null;
      case LogDrivers.LOCAL -> json.resolveSibling("local-logs").resolve("container.log");
      default -> json;
    };
  }

  /** The file to read for {@code docker logs}; dockerd's 501 for a driver that cannot be read. */
  static Path readable(Container c) {
    var file = file(c);
    if (file == null) throw new NotImplemented("configured logging driver does not support reading");
    return file;
  }

  /** Inspect's LogPath: json-file's file once the container has started, else "" (moby StartLogger). */
  static String shownPath(Container c) {
    boolean started = !c.record().state().startedAt().equals(Rfc3339.ZERO);
    return started && config(c).type().equals(LogDrivers.JSON_FILE) ? c.record().logPath() : "";
  }

  /** The running containers whose logs rotate, for {@link LogRotator}. */
  static List<LogRotator.Target> rotating(Iterable<Container> containers) {
    var out = new ArrayList<LogRotator.Target>();
    for (var c : containers) {
      if (!c.running() || c.removing()) continue;
      var settings = settings(c);
      var file = file(c);
      if (file != null && settings.rotates()) out.add(new LogRotator.Target(c.id, file, settings, true));
    }
    return out;
  }
}
