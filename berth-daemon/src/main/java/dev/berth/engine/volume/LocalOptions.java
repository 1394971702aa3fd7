package dev.berth.engine.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.engine.error.InvalidArgument;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A local volume's mount options ({@code -o type=… -o device=… -o o=…}), stored in the volume's
 * {@code opts.json} with dockerd's field names so a data root keeps its meaning.
 */
record LocalOptions(
    @JsonProperty("MountType") String mountType,
    @JsonProperty("MountOpts") String mountOpts,
    @JsonProperty("MountDevice") String mountDevice) {
  private static final Set<String> VALID = Set.of("type", "o", "device", "size");
  /** Checked in this order, so the message names the same missing option every time. */
  private static final List<Map.Entry<String, List<String>>> REQUIRED = List.of(
      Map.entry("device", List.of("type")),
      Map.entry("type", List.of("device")),
      Map.entry("o", List.of("device", "type")));
  private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

  /** Validates as dockerd's local driver does; returns null when there is nothing to mount. */
  static LocalOptions of(Map<String, String> opts) {
    if (opts == null || opts.isEmpty()) {
      return null;
    }
    for (var key : opts.keySet().stream().sorted().toList()) {
      if (!VALID.contains(key)) {
        throw new InvalidArgument("invalid option: " + GoQuote.quote(key));
      }
    }
    var size = opts.get("size");
    if (size != null && ramInBytes(size) > 0) {
      // Berth does not set project quotas (XFS/ext4 prjquota); dockerd says the same without them.
      throw new InvalidArgument("quota size requested but no quota support");
    }
    for (var rule : REQUIRED) {
      if (opts.containsKey(rule.getKey())) {
        for (var needed : rule.getValue()) {
          if (!opts.containsKey(needed)) {
            throw new InvalidArgument("missing required option: " + GoQuote.quote(needed));
          }
        }
      }
    }
    var type = opts.getOrDefault("type", "");
    var device = opts.getOrDefault("device", "");
    if (type.isEmpty() && device.isEmpty()) {
      return null;
    }
    return new LocalOptions(type, opts.getOrDefault("o", ""), device);
  }

  /** go-units RAMInBytes: binary multiples, "64m" = 64 MiB. */
  static long ramInBytes(String value) {
    var m = SIZE.matcher(value);
    if (!m.matches()) {
      throw new InvalidArgument("invalid size: '" + value + "'");
    }
    double n = Double.parseDouble(m.group(1));
    var unit = m.group(2) == null ? "" : m.group(2).toLowerCase();
    int shift = switch (unit) {
      case "k" -> 10;
      case "m" -> 20;
      case "g" -> 30;
      case "t" -> 40;
      case "p" -> 50;
      default -> 0;
    };
    return (long) (n * (1L << shift));
  }
}
