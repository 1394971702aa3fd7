package dev.berth.engine.distribution;

import dev.berth.content.Descriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes an image manifest byte for byte as dockerd's push does (distribution's schema2
 * {@code json.MarshalIndent(m, "", "   ")}: three-space indent, fields mediaType, size, digest), so
 * pushing the same blobs gives the same manifest digest as dockerd.
 */
final class ManifestWriter {
  private ManifestWriter() {}

  static byte[] write(String mediaType, Descriptor config, List<Descriptor> layers) {
    var out = new StringBuilder();
    out.append("{\n   \"schemaVersion\": 2,\n   \"mediaType\": ").append(quote(mediaType)).append(",\n");
    out.append("   \"config\": ");
    descriptor(out, config, "   ");
    out.append(",\n   \"layers\": [");
    for (int i = 0; i < layers.size(); i++) {
      out.append(i == 0 ? "\n      " : ",\n      ");
      descriptor(out, layers.get(i), "      ");
    }
    out.append(layers.isEmpty() ? "]\n}" : "\n   ]\n}");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void descriptor(StringBuilder out, Descriptor d, String indent) {
    out.append("{\n").append(indent).append("   \"mediaType\": ").append(quote(d.mediaType())).append(",\n");
    out.append(indent).append("   \"size\": ").append(d.size()).append(",\n");
    out.append(indent).append("   \"digest\": ").append(quote(d.digest().toString())).append("\n").append(indent).append("}");
  }

  private static String quote(String s) {
    var out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
