package dev.berth.daemon;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes {@code System.Logger} (backed by java.util.logging) to stderr in dockerd's logrus text
 * form: {@code time="…" level=info msg="…"}. Netty stays at info even in debug mode (it is chatty).
 */
final class Logging {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX").withZone(ZoneOffset.UTC);

  private Logging() {}

  static void configure(String level) {
    LogManager.getLogManager().reset();
    var root = Logger.getLogger("");
    var handler = new ConsoleHandler(); // writes to System.err
    handler.setFormatter(new LogrusFormat());
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(julLevel(level));
    Logger.getLogger("io.netty").setLevel(Level.INFO);
    // "API listen on …" is printed at every level: scripts and tests wait for it.
    Logger.getLogger(READY).setLevel(Level.INFO);
  }

  /** The logger whose info lines are shown whatever the level (readiness). */
  static final String READY = "dev.berth.daemon.ready";

  static Level julLevel(String level) {
    return switch (level) {
      case "trace" -> Level.FINER;
      case "debug" -> Level.FINE;
      case "warn", "warning" -> Level.WARNING;
      case "error", "fatal", "panic" -> Level.SEVERE;
      default -> Level.INFO;
    };
  }

  /** logrus's text formatter, as dockerd writes it. */
  static final class LogrusFormat extends Formatter {
    @Override
    public String format(LogRecord r) {
      var msg = formatMessage(r);
      var out = new StringBuilder(96 + msg.length());
      out.append("time=\"").append(TIME.format(r.getInstant())).append("\" level=").append(name(r.getLevel()))
          .append(" msg=").append(quote(msg));
      if (r.getThrown() != null) {
        var trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        out.append(" error=").append(quote(r.getThrown().toString())).append('\n').append(trace);
      } else {
        out.append('\n');
      }
      return out.toString();
    }

    static String name(Level level) {
      int v = level.intValue();
      if (v >= Level.SEVERE.intValue()) {
        return "error";
      }
      if (v >= Level.WARNING.intValue()) {
        return "warning";
      }
      if (v >= Level.INFO.intValue()) {
        return "info";
      }
      return v >= Level.FINE.intValue() ? "debug" : "trace";
    }

    static String quote(String s) {
      var out = new StringBuilder(s.length() + 2).append('"');
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> out.append("\\\"");
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\t' -> out.append("\\t");
          default -> out.append(c);
        }
      }
      return out.append('"').toString();
    }
  }
}
