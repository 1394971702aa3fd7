package dev.berth.engine.volume;

import dev.berth.engine.error.InvalidArgument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * Parses and validates {@code -v} text and {@code --mount} entries with dockerd's Linux rules and
 * messages (moby {@code volume/mounts/linux_parser.go}). Pure except for the bind-source existence
 * check of {@code --mount}. Thread-safe.
 */
final class MountParser {
  private final String daemonRoot;

  /** @param daemonRoot the data root: binds containing it (or inside it) need slave propagation */
  MountParser(Path daemonRoot) {
    this.daemonRoot = daemonRoot.toString();
  }

  /** {@code -v [src:]dst[:mode]} (HostConfig.Binds); a missing host path is created at start. */
  ContainerMount parseBind(String raw, String volumeDriver) {
    var arr = raw.split(":", 4);
    if (arr[0].isEmpty()) {
      throw invalidSpec(raw);
    }
    String source = "";
    String target;
    String mode = "";
    switch (arr.length) {
      case 1 -> target = arr[0];
      case 2 -> {
        if (MountModes.valid(arr[1])) {
          throw invalidSpec(raw); // "/foo:rw": a destination with a mode is not a volume
        }
        source = arr[0];
        target = arr[1];
      }
      case 3 -> {
        source = arr[0];
        target = arr[1];
        mode = arr[2];
      }
      default -> throw invalidSpec(raw);
    }
    if (!MountModes.valid(mode)) {
      throw new InvalidArgument("invalid mode: " + mode);
    }
    var type = GoPath.isAbs(source) ? ContainerMount.BIND : ContainerMount.VOLUME;
    MountSpecInput.Vol vol = null;
    if (volumeDriver != null && !volumeDriver.isEmpty() && type.equals(ContainerMount.VOLUME)) {
      vol = new MountSpecInput.Vol(false, null, volumeDriver, null, "");
    }
    if (MountModes.noCopy(mode)) {
      vol = new MountSpecInput.Vol(true, null, vol == null ? "" : vol.driver(), null, "");
    }
    var propagation = MountModes.propagation(mode);
    var bind = propagation == null ? null : new MountSpecInput.Bind(propagation, false, false);
    var spec = new MountSpecInput(type, source, target, !MountModes.readWrite(mode), bind, vol, null);
    try {
      var mp = toMount(spec, false, true);
      return new ContainerMount(mp.type(), mp.name(), mp.source(), mp.destination(), mp.driver(), mode, mp.rw(),
          mp.propagation(), mp.copyData(), mp.anonymous(), mp.createSource(), mp.tmpfsData(), null, null);
    } catch (InvalidArgument e) {
      throw new InvalidArgument(invalidSpec(raw).getMessage() + ": " + e.getMessage(), e);
    }
  }

  /** {@code --mount} (HostConfig.Mounts): a bind source must exist unless CreateMountpoint. */
  ContainerMount parseMount(MountSpecInput spec) {
    return toMount(spec, true, false);
  }

  /** {@code --volumes-from c[:mode]}: the container reference and whether its mounts stay writable. */
  VolumesFrom parseVolumesFrom(String spec) {
    if (spec == null || spec.isEmpty()) {
      throw new InvalidArgument("volumes-from specification cannot be an empty string");
    }
    int colon = spec.indexOf(':');
    if (colon < 0 || colon == spec.length() - 1) {
      return new VolumesFrom(colon < 0 ? spec : spec.substring(0, colon), true);
    }
    var mode = spec.substring(colon + 1);
    if (!MountModes.valid(mode) || MountModes.propagation(mode) != null || MountModes.noCopy(mode)) {
      throw new InvalidArgument("invalid mode: " + mode);
    }
    return new VolumesFrom(spec.substring(0, colon), MountModes.readWrite(mode));
  }

  record VolumesFrom(String container, boolean writable) {}

  /** {@code --tmpfs} destinations: absolute and not {@code /}. */
  void validateTmpfsDestination(String dest) {
    validateNotRoot(dest);
    validateAbsolute(dest);
  }

  private ContainerMount toMount(MountSpecInput m, boolean checkBindSource, boolean fromBinds) {
    var type = m.type();
    validateExclusive(m);
    if (m.target().isEmpty()) {
      throw config(type, "field Target must not be empty");
    }
    try {
      validateNotRoot(m.target());
      validateAbsolute(m.target());
    } catch (InvalidArgument e) {
      throw config(type, e.getMessage());
    }
    var destination = GoPath.clean(m.target());
    switch (type) {
      case ContainerMount.BIND -> {
        return bind(m, destination, checkBindSource, fromBinds);
      }
      case ContainerMount.VOLUME -> {
        var vol = m.volume();
        var name = m.source();
        var noCopy = vol != null && vol.noCopy();
        var driver = vol == null ? "" : vol.driver();
        return new ContainerMount(type, name, "", destination, driver, "", !m.readOnly(), "", !noCopy, name.isEmpty(),
            false, "", vol == null ? null : vol.driverOptions(), vol == null ? null : vol.labels());
      }
      case ContainerMount.TMPFS -> {
        if (!m.source().isEmpty()) {
          throw config(type, "field Source must not be specified");
        }
        String data;
        try {
          data = tmpfsData(m.tmpfs(), m.readOnly());
        } catch (InvalidArgument e) {
          throw config(type, e.getMessage());
        }
        return new ContainerMount(type, "", "", destination, "", "", !m.readOnly(), "", false, false, false, data,
            null, null);
      }
      default -> throw config(type, "mount type unknown");
    }
  }

  private ContainerMount bind(MountSpecInput m, String destination, boolean checkSource, boolean fromBinds) {
    var type = m.type();
    if (m.source().isEmpty()) {
      throw config(type, "field Source must not be empty");
    }
    var requested = m.bind() == null ? "" : m.bind().propagation();
    if (!requested.isEmpty() && !MountModes.PROPAGATION.contains(requested)) {
      throw config(type, "invalid propagation mode: " + requested);
    }
    if (!GoPath.isAbs(m.source())) {
      throw config(type, "invalid mount path: '" + m.source() + "' mount path must be absolute");
    }
    var create = m.bind() != null && m.bind().createMountpoint();
    if (checkSource && !create && !Files.exists(Path.of(m.source()))) {
      throw config(type, "bind source path does not exist: " + m.source());
    }
    var source = GoPath.clean(m.source());
    var propagation = requested.isEmpty() ? "rprivate" : requested;
    // moby validateBindDaemonRoot: a bind over (or inside) the data root must not hide later mounts there.
    if (source.startsWith(daemonRoot) || daemonRoot.startsWith(source)) {
      if (m.bind() == null || requested.isEmpty()) {
        propagation = "rslave";
      } else if (!requested.equals("rslave") && !requested.equals("rshared")) {
        throw new InvalidArgument("invalid mount config: must use either propagation mode \"rslave\" or \"rshared\" "
            + "when mount source is within the daemon root, daemon root: " + GoQuote.quote(daemonRoot)
            + ", bind mount source: " + GoQuote.quote(m.source()) + ", propagation: " + GoQuote.quote(requested));
      }
    }
    return new ContainerMount(type, "", source, destination, "", "", !m.readOnly(), propagation, false, false,
        fromBinds || create, "", null, null);
  }

  private static void validateExclusive(MountSpecInput m) {
    var type = m.type();
    if (!type.equals(ContainerMount.BIND) && m.bind() != null) {
      throw config(type, "field BindOptions must not be specified");
    }
    if (!type.equals(ContainerMount.VOLUME) && m.volume() != null) {
      throw config(type, "field VolumeOptions must not be specified");
    }
    if (!type.equals(ContainerMount.TMPFS) && m.tmpfs() != null) {
      throw config(type, "field TmpfsOptions must not be specified");
    }
  }

  /** moby ConvertTmpfsOptions: {@code ro}, {@code mode=<octal>}, {@code size=<n>[kmg]}, then exec/noexec. */
  static String tmpfsData(MountSpecInput.Tmpfs opt, boolean readOnly) {
    var raw = new ArrayList<String>();
    if (readOnly) {
      raw.add("ro");
    }
    if (opt != null && opt.mode() != 0) {
      raw.add("mode=" + Long.toOctalString(opt.mode()));
    }
    if (opt != null && opt.sizeBytes() != 0) {
      long size = opt.sizeBytes();
      var suffix = "";
      for (var unit : new Object[][] {{"g", 1L << 30}, {"m", 1L << 20}, {"k", 1L << 10}}) {
        long divisor = (Long) unit[1];
        if (size % divisor == 0) {
          size /= divisor;
          suffix = (String) unit[0];
          break;
        }
      }
      raw.add("size=" + size + suffix);
    }
    if (opt != null) {
      for (var words : opt.options()) {
        if (words.isEmpty() || words.size() > 2) {
          throw new InvalidArgument("invalid option array length");
        }
        if (!words.get(0).equals("exec") && !words.get(0).equals("noexec")) {
          throw new InvalidArgument("invalid option: " + words.get(0));
        }
        raw.add(words.size() == 1 ? words.get(0) : words.get(0) + "=" + words.get(1));
      }
    }
    return String.join(",", raw);
  }

  private static void validateNotRoot(String p) {
    if (GoPath.clean(p.replace('\\', '/')).equals("/")) {
      throw new InvalidArgument("invalid specification: destination can't be '/'");
    }
  }

  private static void validateAbsolute(String p) {
    var slashed = p.replace('\\', '/');
    if (!GoPath.isAbs(slashed)) {
      throw new InvalidArgument("invalid mount path: '" + slashed + "' mount path must be absolute");
    }
  }

  private static InvalidArgument config(String type, String message) {
    return new InvalidArgument("invalid mount config for type " + GoQuote.quote(type) + ": " + message);
  }

  private static InvalidArgument invalidSpec(String raw) {
    return new InvalidArgument("invalid volume specification: '" + raw + "'");
  }
}
