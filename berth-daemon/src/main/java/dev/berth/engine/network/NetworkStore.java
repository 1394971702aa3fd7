package dev.berth.engine.network;

import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Networking state on disk under {@code <data-root>/network/}: {@code networks/<id>.json},
 * {@code endpoints/<container id>.json} and host-local's leases in {@code ipam/}. Atomic writes.
 */
final class NetworkStore {
  private final Path networks;
  private final Path endpoints;
  private final Path ipam;

  NetworkStore(Path dataRoot) {
    var root = dataRoot.resolve("network");
    this.networks = root.resolve("networks");
    this.endpoints = root.resolve("endpoints");
    this.ipam = root.resolve("ipam");
  }

  Path ipamDir() {
    return ipam;
  }

  List<NetworkRecord> networks() {
    return readAll(networks, NetworkRecord.class);
  }

  void save(NetworkRecord network) {
    AtomicJson.write(networks.resolve(network.id() + ".json"), network);
  }

  void delete(NetworkRecord network) {
    deleteFile(networks.resolve(network.id() + ".json"));
  }

  List<EndpointRecord> endpoints() {
    return readAll(endpoints, EndpointRecord.class);
  }

  Optional<EndpointRecord> endpoint(String containerId) {
    return AtomicJson.read(endpoints.resolve(containerId + ".json"), EndpointRecord.class);
  }

  void save(EndpointRecord endpoint) {
    AtomicJson.write(endpoints.resolve(endpoint.containerId() + ".json"), endpoint);
  }

  void deleteEndpoint(String containerId) {
    deleteFile(endpoints.resolve(containerId + ".json"));
  }

  private static <T> List<T> readAll(Path dir, Class<T> type) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    var out = new ArrayList<T>();
    try (Stream<Path> files = Files.list(dir)) {
      for (var f : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
        AtomicJson.read(f, type).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
      if (Files.isDirectory(file.getParent())) {
        AtomicJson.fsyncDir(file.getParent());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
