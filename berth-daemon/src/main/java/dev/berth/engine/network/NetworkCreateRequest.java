package dev.berth.engine.network;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /networks/create}; nulls mean "not given". */
public record NetworkCreateRequest(
    @JsonProperty("Name") String name,
    @JsonProperty("CheckDuplicate") Boolean checkDuplicate,
    @JsonProperty("Driver") String driver,
    @JsonProperty("Scope") String scope,
    @JsonProperty("Internal") boolean internal,
    @JsonProperty("Attachable") boolean attachable,
    @JsonProperty("Ingress") boolean ingress,
    @JsonProperty("ConfigOnly") boolean configOnly,
    @JsonProperty("EnableIPv6") Boolean enableIPv6,
    @JsonProperty("IPAM") Ipam ipam,
    @JsonProperty("Options") Map<String, String> options,
    @JsonProperty("Labels") Map<String, String> labels) {

  public record Ipam(
      @JsonProperty("Driver") String driver,
      @JsonProperty("Config") List<IpamPool> config,
      @JsonProperty("Options") Map<String, String> options) {}
}
