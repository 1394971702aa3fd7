package dev.berth.engine.distribution;

import java.util.List;

/** The manifest and layer media types a registry serves, and the Accept header dockerd sends. */
final class MediaTypes {
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  static final String SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
  static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
  static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

  static final List<String> ACCEPT = List.of(DOCKER_MANIFEST, DOCKER_LIST, OCI_MANIFEST, OCI_INDEX);

  private MediaTypes() {}

  static boolean isIndex(String mediaType) {
    return DOCKER_LIST.equals(mediaType) || OCI_INDEX.equals(mediaType);
  }

  static boolean isManifest(String mediaType) {
    return DOCKER_MANIFEST.equals(mediaType) || OCI_MANIFEST.equals(mediaType);
  }
}
