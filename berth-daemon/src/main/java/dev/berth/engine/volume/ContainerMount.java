package dev.berth.engine.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One mount point of a container, decided at create (dockerd's {@code MountPoint}): persisted with
 * the container so volume references survive a daemon restart.
 *
 * @param type {@code bind}, {@code volume} or {@code tmpfs}
 * @param name the volume's name (volumes only); empty for an anonymous volume not created yet
 * @param source bind: the host path; volume: the volume's mountpoint when known
 * @param mode the mode text as given ({@code ro,z}); dockerd shows it as {@code Mode}
 * @param propagation bind propagation ({@code rprivate} by default), "" for volumes and tmpfs
 * @param copyData copy the image's content into the volume on first use (volumes only)
 * @param anonymous the volume was made for this container (removed by {@code rm -v} and {@code --rm})
 * @param createSource create a missing bind source at start ({@code -v}); {@code --mount} binds must exist
 * @param tmpfsData tmpfs mount data ({@code size=64m,mode=1777}), tmpfs only
 * @param volumeOptions driver options for a volume created for this mount
 * @param volumeLabels labels for a volume created for this mount
 */
record ContainerMount(
    @JsonProperty("Type") String type,
    @JsonProperty("Name") String name,
    @JsonProperty("Source") String source,
    @JsonProperty("Destination") String destination,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Mode") String mode,
    @JsonProperty("RW") boolean rw,
    @JsonProperty("Propagation") String propagation,
    @JsonProperty("CopyData") boolean copyData,
    @JsonProperty("Anonymous") boolean anonymous,
    @JsonProperty("CreateSource") boolean createSource,
    @JsonProperty("TmpfsData") String tmpfsData,
    @JsonProperty("VolumeOptions") Map<String, String> volumeOptions,
    @JsonProperty("VolumeLabels") Map<String, String> volumeLabels) {
  static final String BIND = "bind";
  static final String VOLUME = "volume";
  static final String TMPFS = "tmpfs";

  ContainerMount {
    name = name == null ? "" : name;
    source = source == null ? "" : source;
    driver = driver == null ? "" : driver;
    mode = mode == null ? "" : mode;
    propagation = propagation == null ? "" : propagation;
    tmpfsData = tmpfsData == null ? "" : tmpfsData;
  }

  boolean isVolume() {
    return VOLUME.equals(type);
  }

  ContainerMount withVolume(String volumeName, String volumeSource, String volumeDriver, String newMode) {
    return new ContainerMount(type, volumeName, volumeSource, destination, volumeDriver, newMode, rw, propagation,
        copyData, anonymous, createSource, tmpfsData, null, null);
  }

  ContainerMount withPropagation(String value) {
    return new ContainerMount(type, name, source, destination, driver, mode, rw, value, copyData, anonymous,
        createSource, tmpfsData, volumeOptions, volumeLabels);
  }

  /** The copy {@code --volumes-from} makes: same source, read-only if asked, no copy, not ours to remove. */
  ContainerMount sharedWith(boolean writable) {
    return new ContainerMount(type, name, source, destination, driver, "", rw && writable, propagation, false,
        anonymous, false, tmpfsData, null, null);
  }

  /** {@code Mounts[]} as dockerd shows it. */
  dev.berth.model.MountPoint view() {
    return new dev.berth.model.MountPoint(type, name, source, destination, driver, mode, rw, propagation);
  }
}
