package dev.berth.engine.logs;

import dev.berth.engine.error.InvalidArgument;
import java.util.regex.Pattern;

/**
 * The {@code tag} log option: moby's {@code loggerutils.ParseLogTag}, a Go template over
 * {@link LogInfo}. Berth knows the fields people use ({@code .ID}, {@code .FullID}, {@code .Name},
 * {@code .ImageID}, {@code .ImageFullID}, {@code .ImageName}, {@code .DaemonName}); any other field
 * is refused with Go's template error.
 */
final class LogTag {
  private static final Pattern ACTION = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");

  private LogTag() {}

  static String expand(String template, LogInfo info) {
    var m = ACTION.matcher(template);
    var out = new StringBuilder();
    while (m.find()) {
      var value = switch (m.group(1)) {
        case "ID" -> shortId(info.containerId());
        case "FullID" -> info.containerId();
        case "Name" -> info.name();
        case "ImageID" -> shortId(stripAlgorithm(info.imageId()));
        case "ImageFullID" -> info.imageId();
        case "ImageName" -> info.imageName();
        case "DaemonName" -> "docker";
        default -> throw new InvalidArgument("template: log-tag:1:" + (m.start() + 2) + ": executing \"log-tag\" at <."
            + m.group(1) + ">: can't evaluate field " + m.group(1) + " in type *logger.Info");
      };
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String shortId(String id) {
    return id == null ? "" : id.substring(0, Math.min(12, id.length()));
  }

  private static String stripAlgorithm(String id) {
    if (id == null) return "";
    int colon = id.indexOf(':');
    return colon < 0 ? id : id.substring(colon + 1);
  }
}
