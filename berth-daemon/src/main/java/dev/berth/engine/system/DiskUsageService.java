package dev.berth.engine.system;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.image.ImageDiskUsage;
import dev.berth.model.Volume;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /system/df} (moby {@code daemon/disk_usage.go}): images with shared sizes and
 * container counts, containers with their sizes, local volumes with size and reference count, and
 * the build cache (Berth's classic builder keeps none that it reports: an empty list). Only the
 * requested kinds are computed; the others are null, as dockerd leaves them.
 */
public final class DiskUsageService {
  /** moby's {@code DiskUsageObject} names for the {@code type} parameter. */
  public static final Set<String> TYPES = Set.of("container", "image", "volume", "build-cache");

  private final Supplier<ImageDiskUsage.Report> images;
  private final Supplier<List<Map<String, Object>>> containers;
  private final Supplier<List<Volume>> volumes;

  /**
   * @param containers every container's list entry with {@code SizeRw} and {@code SizeRootFs}
   * @param volumes local volumes with {@code UsageData}
   */
  public DiskUsageService(Supplier<ImageDiskUsage.Report> images, Supplier<List<Map<String, Object>>> containers,
      Supplier<List<Volume>> volumes) {
    this.images = images;
    this.containers = containers;
    this.volumes = volumes;
  }

  /**
   * The report for the kinds in {@code types}; all of them when {@code types} is empty.
   *
   * @throws InvalidArgument {@code unknown object type: x} for a kind dockerd does not know
   */
  public Map<String, Object> usage(List<String> types) {
    for (var t : types) {
      if (!TYPES.contains(t)) {
        throw new InvalidArgument("unknown object type: " + t);
      }
    }
    var want = types.isEmpty() ? TYPES : Set.copyOf(types);
    var out = new LinkedHashMap<String, Object>();
    var report = want.contains("image") ? images.get() : null;
    out.put("LayersSize", report == null ? 0L : report.layersSize());
    out.put("Images", report == null ? null : report.images());
    out.put("Containers", want.contains("container") ? containers.get() : null);
    out.put("Volumes", want.contains("volume") ? volumes.get() : null);
    out.put("BuildCache", want.contains("build-cache") ? List.of() : null);
    return out;
  }
}
