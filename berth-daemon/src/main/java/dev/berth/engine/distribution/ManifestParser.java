package dev.berth.engine.distribution;

import dev.berth.content.Descriptor;
import dev.berth.content.MediaTypes;
import dev.berth.engine.image.Reference;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Json;
import java.io.IOException;
import java.util.List;

/** Turns manifest bytes into a {@link RemoteManifest}; refuses schema 1 as dockerd 28 does. */
final class ManifestParser {
  static final String SCHEMA1 = "application/vnd.docker.distribution.manifest.v1+json";
  static final String SCHEMA1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
  private static final TypeReference<List<Descriptor>> DESCRIPTORS = new TypeReference<>() {};

  private ManifestParser() {}

  /**
   * @param contentType the Content-Type the registry sent (may be null or generic)
   * @param ref the reference being pulled, for error messages
   */
  static RemoteManifest parse(byte[] raw, String contentType, Reference ref) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(raw);
    } catch (IOException e) {
      throw new InvalidArgument("failed to parse manifest for " + ref.familiar() + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidArgument("failed to parse manifest for " + ref.familiar() + ": not a JSON object");
    }
    var mediaType = root.path("mediaType").asText(null);
    var type = mediaType != null ? mediaType : baseType(contentType);
    if (root.path("schemaVersion").asInt() == 1 || SCHEMA1.equals(type)
        || SCHEMA1_SIGNED.equals(type)) {
      throw new InvalidArgument(schema1Message(ref));
    }
    try {
      if (MediaTypes.isIndex(type) || (!MediaTypes.isManifest(type) && root.has("manifests"))) {
        var entries = Json.mapper().convertValue(root.path("manifests"), DESCRIPTORS);
        return new ImageIndex(MediaTypes.isIndex(type) ? type : MediaTypes.OCI_INDEX, nonNull(entries), raw);
      }
      if (!root.has("config") || !root.has("layers")) {
        throw new InvalidArgument("unsupported manifest media type and no default available: " + type);
      }
      var config = Json.mapper().convertValue(root.path("config"), Descriptor.class);
      var layers = Json.mapper().convertValue(root.path("layers"), DESCRIPTORS);
      return new ImageManifest(MediaTypes.isManifest(type) ? type : MediaTypes.OCI_MANIFEST, config, nonNull(layers), raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgument("failed to parse manifest for " + ref.familiar() + ": " + rootMessage(e));
    }
  }

  private static List<Descriptor> nonNull(List<Descriptor> list) {
    return list == null ? List.of() : list;
  }

  private static String rootMessage(Throwable e) {
    while (e.getCause() != null) {
      e = e.getCause();
    }
    return e.getMessage();
  }

  private static String baseType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
  }

  // moby daemon/images: schema 1 support removed (docs.docker.com/go/deprecated-image-specs/).
  static String schema1Message(Reference ref) {
    return "Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed. "
        + "Suggest the author of " + ref.familiar() + " to upgrade the image to the OCI Format or Docker Image "
        + "manifest v2, schema 2. More information at https://docs.docker.com/go/deprecated-image-specs/";
  }
}
