package dev.berth.engine.network;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint records of the containers whose networking is set up, in memory and in the store,
 * and what is asked across them: who uses a network, and what the embedded DNS answers for a name.
 * Thread-safe (one container's record is changed only under the attacher's lock for that container).
 */
final class EndpointTable {
  private final NetworkStore store;
  private final Map<String, EndpointRecord> endpoints = new ConcurrentHashMap<>();

  EndpointTable(NetworkStore store) {
    this.store = store;
  }

  /** The container's record while its networking is set up, else null. */
  EndpointRecord get(String containerId) {
    return endpoints.get(containerId);
  }

  boolean contains(String containerId) {
    return endpoints.containsKey(containerId);
  }

  /** Keeps the record in memory only (a step whose durable record follows). */
  void cache(EndpointRecord record) {
    endpoints.put(record.containerId(), record);
  }

  /** Keeps the record in memory and writes it to the store (before the step a crash could interrupt). */
  void save(EndpointRecord record) {
    endpoints.put(record.containerId(), record);
    store.save(record);
  }

  /** Forgets the container's record in memory; returns it, or the stored one when memory had none. */
  Optional<EndpointRecord> remove(String containerId) {
    var record = endpoints.remove(containerId);
    return record != null ? Optional.of(record) : store.endpoint(containerId);
  }

  /** Deletes the container's stored record. */
  void delete(String containerId) {
    store.deleteEndpoint(containerId);
  }

  /** Every stored record (the start-up scan's input). */
  List<EndpointRecord> stored() {
    return store.endpoints();
  }

  List<EndpointRecord> all() {
    return List.copyOf(endpoints.values());
  }

  Set<String> containerIds() {
    return Set.copyOf(endpoints.keySet());
  }

  int count() {
    return endpoints.size();
  }

  /** The record of the container with this id, name ({@code /name} too) or id prefix; null when none. */
  EndpointRecord find(String ref) {
    var direct = endpoints.get(ref);
    if (direct != null) {
      return direct;
    }
    var name = ref.startsWith("/") ? ref.substring(1) : ref;
    for (var e : endpoints.values()) {
      if (e.containerName().equals(name) || e.containerId().startsWith(ref)) {
        return e;
      }
    }
    return null;
  }

  /** [container name, short endpoint id] of every container attached to the network. */
  List<List<String>> usersOf(String networkId) {
    var users = new ArrayList<List<String>>();
    for (var e : endpoints.values()) {
      for (var a : e.attachments()) {
        if (a.networkId().equals(networkId)) {
          users.add(List.of(e.containerName(), a.endpointId().substring(0, 12)));
        }
      }
    }
    return users;
  }

  /**
   * What the embedded DNS of {@code containerId} answers for {@code name}: a link alias stands for
   * its container; then the addresses of every container known by that name on the networks this
   * container shares with it (user-defined networks only).
   */
  List<String> resolve(String containerId, String name) {
    var self = endpoints.get(containerId);
    if (self == null) {
      return List.of();
    }
    var wanted = name;
    if (self.links() != null) {
      for (var link : self.links().entrySet()) {
        if (link.getKey().equalsIgnoreCase(name)) {
          wanted = link.getValue();
        }
      }
    }
    var ips = new LinkedHashSet<String>();
    for (var a : self.attachments()) {
      if (a.dnsNames() != null) {
        ips.addAll(lookup(a.networkId(), wanted));
      }
    }
    return List.copyOf(ips);
  }

  /**
   * The addresses (IPv4, then IPv6 where the network has it) of the containers on {@code networkId}
   * known by {@code name} (DNS names are case-insensitive).
   */
  private List<String> lookup(String networkId, String name) {
    var ips = new ArrayList<String>();
    var ips6 = new ArrayList<String>();
    for (var e : endpoints.values()) {
      for (var a : e.attachments()) {
        if (a.networkId().equals(networkId) && a.dnsNames() != null && !a.ipAddress().isEmpty()
            && a.dnsNames().stream().anyMatch(name::equalsIgnoreCase)) {
          ips.add(a.ipAddress());
          if (!a.ipv6().isEmpty()) {
            ips6.add(a.ipv6());
          }
        }
      }
    }
    ips.addAll(ips6);
    return ips;
  }
}
