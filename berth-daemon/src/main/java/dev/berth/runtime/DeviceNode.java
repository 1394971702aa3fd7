package dev.berth.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A device node to create in the container ({@code linux.devices} entry).
 *
 * @param type {@code c} or {@code b}
 * @param fileMode permission bits (e.g. 0666)
 */
public record DeviceNode(String path, String type, long major, long minor, int fileMode, long uid, long gid) {
  public DeviceNode {
    if (!type.equals("c") && !type.equals("b")) throw new IllegalArgumentException("device type " + type);
  }

  DeviceNode at(String containerPath) {
    return new DeviceNode(containerPath, type, major, minor, fileMode, uid, gid);
  }

  Map<String, Object> toSpec() {
    var m = new LinkedHashMap<String, Object>();
    m.put("path", path);
    m.put("type", type);
    m.put("major", major);
    m.put("minor", minor);
    m.put("fileMode", fileMode);
    m.put("uid", uid);
    m.put("gid", gid);
    return m;
  }
}
