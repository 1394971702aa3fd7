package dev.berth.engine.network;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** One {@code IPAM.Config} entry, in Docker's wire names; empty strings are left out as dockerd does. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record IpamPool(
    @JsonProperty("Subnet") String subnet,
    @JsonProperty("IPRange") String ipRange,
    @JsonProperty("Gateway") String gateway,
    @JsonProperty("AuxiliaryAddresses") Map<String, String> auxAddresses) {}
