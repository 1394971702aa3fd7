package dev.berth.netplug;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The host-local IPAM plugin's state under {@code dataDir}: one folder per CNI network name, one file
 * per leased address holding the container id on its first line. Used by the start-up scan to drop
 * leases of containers that are gone, and to drop a deleted network's folder.
 */
public final class HostLocalLeases {
  private static final Pattern ADDRESS = Pattern.compile("[0-9.]+|[0-9a-fA-F:]+");
  private final Path dataDir;

  public HostLocalLeases(Path dataDir) {
    this.dataDir = dataDir;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Deletes every lease whose container id is not in {@code liveContainers}; returns how many. */
  public int removeLeasesExcept(Set<String> liveContainers) {
    if (!Files.isDirectory(dataDir)) {
      return 0;
    }
    int removed = 0;
    try (Stream<Path> networks = Files.list(dataDir)) {
      for (var network : networks.filter(Files::isDirectory).toList()) {
        try (Stream<Path> leases = Files.list(network)) {
          for (var lease : leases.filter(l -> ADDRESS.matcher(l.getFileName().toString()).matches()).toList()) {
            var owner = Files.readAllLines(lease).stream().findFirst().orElse("").strip();
            if (!liveContainers.contains(owner)) {
              Files.deleteIfExists(lease);
              removed++;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return removed;
  }

  /** Deletes a network's whole lease folder. Idempotent. */
  public void removeNetwork(String cniNetworkName) {
    var dir = dataDir.resolve(cniNetworkName);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (var f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
