package dev.berth.runtime;

import dev.berth.engine.error.InvalidArgument;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Linux signal names and numbers as dockerd parses them (moby/sys/signal {@code ParseSignal}):
 * {@code SIGTERM}, {@code TERM}, {@code term} and {@code 15} are all 15.
 */
public final class Signals {
  public static final int SIGKILL = 9;
  public static final int SIGTERM = 15;
  private static final int MAX = 64;
  private static final Map<String, Integer> BY_NAME = table();

  private Signals() {}

  private static Map<String, Integer> table() {
    var m = new LinkedHashMap<String, Integer>();
    String[] names = {
      "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
      "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
      "WINCH", "IO", "PWR", "SYS"
    };
    for (int i = 0; i < names.length; i++) m.put(names[i], i + 1);
    m.put("IOT", 6);
    m.put("CLD", 17);
    m.put("POLL", 29);
    m.put("RTMIN", 34);
    for (int i = 1; i <= 15; i++) m.put("RTMIN+" + i, 34 + i);
    for (int i = 14; i >= 1; i--) m.put("RTMAX-" + i, 64 - i);
    m.put("RTMAX", 64);
    return Map.copyOf(m);
  }

  /**
   * Parses a signal given by name (with or without {@code SIG}, any case) or number.
   *
   * @throws InvalidArgument {@code Invalid signal: FOO}
   */
  public static int parse(String raw) {
    var text = raw == null ? "" : raw.strip();
    if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
      try {
        int n = Integer.parseInt(text);
        if (n > 0 && n <= MAX) return n;
      } catch (NumberFormatException tooBig) {
        // fall through to the error
      }
      throw new InvalidArgument("Invalid signal: " + raw);
    }
    var name = text.toUpperCase(Locale.ROOT);
    if (name.startsWith("SIG")) name = name.substring(3);
    var n = BY_NAME.get(name);
    if (n == null) throw new InvalidArgument("Invalid signal: " + raw);
    return n;
  }

  /** The canonical name ({@code SIGTERM}) of a signal number, if it has one. */
  public static Optional<String> name(int signal) {
    String best = null;
    for (var e : BY_NAME.entrySet()) {
      if (e.getValue() != signal) continue;
      var n = e.getKey();
      // prefer the primary names over aliases (IOT, CLD, POLL) and RTMIN+n over RTMAX-n
      if (best == null || isAlias(best) && !isAlias(n) || best.startsWith("RTMAX-") && n.startsWith("RTMIN")) best = n;
    }
    return Optional.ofNullable(best).map(n -> "SIG" + n);
  }

  private static boolean isAlias(String n) {
    return n.equals("IOT") || n.equals("CLD") || n.equals("POLL");
  }
}
