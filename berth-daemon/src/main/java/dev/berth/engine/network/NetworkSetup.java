package dev.berth.engine.network;

import java.util.List;
import java.util.Map;

/**
 * What a container joins and what inspect shows.
 *
 * @param netnsPath a namespace the runtime joins; null means "make a new one with loopback only"
 *     (or no namespace at all when {@code hostNetwork})
 * @param networkSettings the inspect {@code NetworkSettings} object (Docker's shape), never null
 * @param hostsEntries extra {@code /etc/hosts} lines ({@code "ip name…"}) for this container
 * @param nameservers nameservers for {@code /etc/resolv.conf}; empty means copy the host's
 */
public record NetworkSetup(
    String netnsPath,
    boolean hostNetwork,
    Map<String, Object> networkSettings,
    List<String> hostsEntries,
    List<String> nameservers) {}
