package dev.berth.engine.volume;

import java.util.ArrayDeque;

/** Go's {@code path.Clean} and {@code path.IsAbs} on slash-separated paths (lexical only). */
final class GoPath {
  private GoPath() {}

  static boolean isAbs(String p) {
    return p.startsWith("/");
  }

  static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.startsWith("/");
    var parts = new ArrayDeque<String>();
    for (var part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!rooted) {
          parts.addLast("..");
        }
        continue;
      }
      parts.addLast(part);
    }
    var joined = String.join("/", parts);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }
}
