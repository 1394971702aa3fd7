package dev.berth.engine.volume;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code --mount} entry (API {@code Mount}) with its option objects decoded; also what {@code -v}
 * text is turned into before validation. An option object is non-null when the client sent one,
 * even empty, because dockerd refuses options of the wrong type by presence.
 */
record MountSpecInput(String type, String source, String target, boolean readOnly, Bind bind, Vol volume, Tmpfs tmpfs) {

  record Bind(String propagation, boolean createMountpoint, boolean nonRecursive) {}

  record Vol(boolean noCopy, Map<String, String> labels, String driver, Map<String, String> driverOptions, String subpath) {}

  record Tmpfs(long sizeBytes, long mode, List<List<String>> options) {}

  static MountSpecInput of(HostConfig.Mount m) {
    return new MountSpecInput(nz(m.type()), nz(m.source()), nz(m.target()), m.readOnly(),
        m.bindOptions() == null ? null : bind(m.bindOptions()),
        m.volumeOptions() == null ? null : volume(m.volumeOptions()),
        m.tmpfsOptions() == null ? null : tmpfs(m.tmpfsOptions()));
  }

  private static Bind bind(Map<String, Object> o) {
    return new Bind(string(o, "Propagation"), bool(o, "CreateMountpoint"), bool(o, "NonRecursive"));
  }

  private static Vol volume(Map<String, Object> o) {
    String driver = "";
    Map<String, String> driverOptions = null;
    if (o.get("DriverConfig") instanceof Map<?, ?> dc) {
      driver = dc.get("Name") == null ? "" : String.valueOf(dc.get("Name"));
      driverOptions = stringMap(dc.get("Options"), "DriverConfig.Options");
    } else if (o.get("DriverConfig") != null) {
      throw bad("VolumeOptions.DriverConfig");
    }
    return new Vol(bool(o, "NoCopy"), stringMap(o.get("Labels"), "VolumeOptions.Labels"), driver, driverOptions,
        string(o, "Subpath"));
  }

  private static Tmpfs tmpfs(Map<String, Object> o) {
    long size = number(o, "SizeBytes");
    long mode = number(o, "Mode");
    List<List<String>> options = List.of();
    if (o.get("Options") instanceof List<?> outer) {
      var parsed = new java.util.ArrayList<List<String>>();
      for (var inner : outer) {
        if (!(inner instanceof List<?> words)) {
          throw bad("TmpfsOptions.Options");
        }
        parsed.add(words.stream().map(String::valueOf).toList());
      }
      options = parsed;
    } else if (o.get("Options") != null) {
      throw bad("TmpfsOptions.Options");
    }
    return new Tmpfs(size, mode, options);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static String string(Map<String, Object> o, String key) {
    var v = o.get(key);
    if (v == null) {
      return "";
    }
    if (!(v instanceof String s)) {
      throw bad(key);
    }
    return s;
  }

  private static boolean bool(Map<String, Object> o, String key) {
    var v = o.get(key);
    if (v == null) {
      return false;
    }
    if (!(v instanceof Boolean b)) {
      throw bad(key);
    }
    return b;
  }

  private static long number(Map<String, Object> o, String key) {
    var v = o.get(key);
    if (v == null) {
      return 0;
    }
    if (!(v instanceof Number n)) {
      throw bad(key);
    }
    return n.longValue();
  }

  private static Map<String, String> stringMap(Object v, String what) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw bad(what);
    }
    var out = new HashMap<String, String>();
    m.forEach((k, val) -> out.put(String.valueOf(k), val == null ? "" : String.valueOf(val)));
    return out;
  }

  private static InvalidArgument bad(String field) {
    return new InvalidArgument("invalid JSON: wrong type for Mounts " + field);
  }
}
