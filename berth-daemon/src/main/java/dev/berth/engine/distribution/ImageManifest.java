package dev.berth.engine.distribution;

import dev.berth.content.Descriptor;
import java.util.List;

/** A Docker v2 schema 2 or OCI image manifest: a config blob and layers, bottom first. */
record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers, byte[] raw)
    implements RemoteManifest {
  ImageManifest {
    layers = List.copyOf(layers);
  }
}
