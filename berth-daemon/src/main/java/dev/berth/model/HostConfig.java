package dev.berth.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code HostConfig} (API 1.44), resources inlined as on the wire. Fields not yet acted on
 * are still stored and shown, as dockerd does.
 */
public record HostConfig(
    @JsonProperty("Binds") List<String> binds,
    @JsonProperty("ContainerIDFile") String containerIdFile,
    @JsonProperty("LogConfig") LogConfig logConfig,
    @JsonProperty("NetworkMode") String networkMode,
    @JsonProperty("PortBindings") Map<String, List<PortBinding>> portBindings,
    @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
    @JsonProperty("AutoRemove") boolean autoRemove,
    @JsonProperty("VolumeDriver") String volumeDriver,
    @JsonProperty("VolumesFrom") List<String> volumesFrom,
    @JsonProperty("ConsoleSize") List<Integer> consoleSize,
    @JsonProperty("CapAdd") List<String> capAdd,
    @JsonProperty("CapDrop") List<String> capDrop,
    @JsonProperty("CgroupnsMode") String cgroupnsMode,
    @JsonProperty("Dns") List<String> dns,
    @JsonProperty("DnsOptions") List<String> dnsOptions,
    @JsonProperty("DnsSearch") List<String> dnsSearch,
    @JsonProperty("ExtraHosts") List<String> extraHosts,
    @JsonProperty("GroupAdd") List<String> groupAdd,
    @JsonProperty("IpcMode") String ipcMode,
    @JsonProperty("Cgroup") String cgroup,
    @JsonProperty("Links") List<String> links,
    @JsonProperty("OomScoreAdj") int oomScoreAdj,
    @JsonProperty("PidMode") String pidMode,
    @JsonProperty("Privileged") boolean privileged,
    @JsonProperty("PublishAllPorts") boolean publishAllPorts,
    @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
    @JsonProperty("SecurityOpt") List<String> securityOpt,
    @JsonProperty("StorageOpt") Map<String, String> storageOpt,
    @JsonProperty("Tmpfs") Map<String, String> tmpfs,
    @JsonProperty("UTSMode") String utsMode,
    @JsonProperty("UsernsMode") String usernsMode,
    @JsonProperty("ShmSize") long shmSize,
    @JsonProperty("Sysctls") Map<String, String> sysctls,
    @JsonProperty("Runtime") String runtime,
    @JsonProperty("Isolation") String isolation,
    @JsonProperty("CpuShares") long cpuShares,
    @JsonProperty("Memory") long memory,
    @JsonProperty("NanoCpus") long nanoCpus,
    @JsonProperty("CgroupParent") String cgroupParent,
    @JsonProperty("BlkioWeight") int blkioWeight,
    @JsonProperty("CpuPeriod") long cpuPeriod,
    @JsonProperty("CpuQuota") long cpuQuota,
    @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
    @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
    @JsonProperty("CpusetCpus") String cpusetCpus,
    @JsonProperty("CpusetMems") String cpusetMems,
    @JsonProperty("Devices") List<DeviceMapping> devices,
    @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
    @JsonProperty("MemoryReservation") long memoryReservation,
    @JsonProperty("MemorySwap") long memorySwap,
    @JsonProperty("MemorySwappiness") Long memorySwappiness,
    @JsonProperty("OomKillDisable") Boolean oomKillDisable,
    @JsonProperty("PidsLimit") Long pidsLimit,
    @JsonProperty("Ulimits") List<Ulimit> ulimits,
    @JsonProperty("Mounts") List<Mount> mounts,
    @JsonProperty("MaskedPaths") List<String> maskedPaths,
    @JsonProperty("ReadonlyPaths") List<String> readonlyPaths,
    @JsonProperty("Init") Boolean init) {

  public record LogConfig(@JsonProperty("Type") String type, @JsonProperty("Config") Map<String, String> config) {}

  public record PortBinding(@JsonProperty("HostIp") String hostIp, @JsonProperty("HostPort") String hostPort) {}

  public record RestartPolicy(@JsonProperty("Name") String name, @JsonProperty("MaximumRetryCount") int maximumRetryCount) {}

  public record DeviceMapping(
      @JsonProperty("PathOnHost") String pathOnHost,
      @JsonProperty("PathInContainer") String pathInContainer,
      @JsonProperty("CgroupPermissions") String cgroupPermissions) {}

  public record Ulimit(@JsonProperty("Name") String name, @JsonProperty("Soft") long soft, @JsonProperty("Hard") long hard) {}

  /** A {@code --mount} entry; the type-specific options stay as JSON maps until volumes land. */
  public record Mount(
      @JsonProperty("Target") String target,
      @JsonProperty("Source") String source,
      @JsonProperty("Type") String type,
      @JsonProperty("ReadOnly") boolean readOnly,
      @JsonProperty("Consistency") String consistency,
      @JsonProperty("BindOptions") Map<String, Object> bindOptions,
      @JsonProperty("VolumeOptions") Map<String, Object> volumeOptions,
      @JsonProperty("TmpfsOptions") Map<String, Object> tmpfsOptions) {}
}
