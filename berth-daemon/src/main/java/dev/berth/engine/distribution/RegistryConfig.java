package dev.berth.engine.distribution;

import java.nio.file.Path;
import java.util.List;

/**
 * The daemon settings registries use, under dockerd's daemon.json names.
 *
 * @param insecureRegistries {@code insecure-registries}: host[:port] names or CIDRs reached over
 *     plain HTTP (or HTTPS without verification); 127.0.0.0/8 is always among them, as in dockerd
 * @param registryMirrors {@code registry-mirrors}: tried first for Docker Hub names
 * @param certsDirs where {@code <host[:port]>/ca.crt, client.cert, client.key} are looked up, in order
 * @param maxConcurrentDownloads {@code max-concurrent-downloads} (dockerd's default 3)
 * @param maxConcurrentUploads {@code max-concurrent-uploads} (dockerd's default 5)
 */
public record RegistryConfig(
    List<String> insecureRegistries,
    List<String> registryMirrors,
    List<Path> certsDirs,
    int maxConcurrentDownloads,
    int maxConcurrentUploads) {

  public static final List<Path> DEFAULT_CERTS_DIRS =
      List.of(Path.of("/etc/berth/certs.d"), Path.of("/etc/docker/certs.d"));

  public RegistryConfig {
    insecureRegistries = List.copyOf(insecureRegistries);
    registryMirrors = List.copyOf(registryMirrors);
    certsDirs = List.copyOf(certsDirs);
    if (maxConcurrentDownloads < 1) {
      maxConcurrentDownloads = 3;
    }
    if (maxConcurrentUploads < 1) {
      maxConcurrentUploads = 5;
    }
  }

  public static RegistryConfig defaults() {
    return new RegistryConfig(List.of(), List.of(), DEFAULT_CERTS_DIRS, 3, 5);
  }
}
