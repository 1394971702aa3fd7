package dev.berth.engine.distribution;

/**
 * A manifest document as a registry served it: {@link #raw()} are the exact bytes (their digest is
 * the manifest digest), the rest is parsed from them.
 */
sealed interface RemoteManifest permits ImageManifest, ImageIndex {
  String mediaType();

  byte[] raw();

  default String digest() {
    return dev.berth.content.Digest.of(raw()).toString();
  }
}
