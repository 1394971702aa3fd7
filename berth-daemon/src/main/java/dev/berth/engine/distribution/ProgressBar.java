package dev.berth.engine.distribution;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The text {@code progress} field as dockerd fills it (moby jsonmessage.JSONProgress.String at its
 * default width of 200): a 50-step bar and {@code current/total} in go-units' decimal HumanSize.
 */
final class ProgressBar {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

  private ProgressBar() {}

  static String render(long current, long total) {
    if (current <= 0 && total <= 0) {
      return "";
    }
    if (total <= 0) {
      return String.format("%8s", humanSize(current));
    }
    int percentage = Math.min(50, (int) ((double) current / total * 100) / 2);
    var bar = "[" + "=".repeat(percentage) + ">" + " ".repeat(50 - percentage) + "] ";
    var numbers = current > total
        ? String.format("%8s", humanSize(current))
        : String.format("%8s", humanSize(current)) + "/" + humanSize(total);
    return bar + numbers;
  }

  /** go-units HumanSize: 4 significant digits, powers of 1000 ({@code 1.065MB}, {@code 36.45kB}). */
  static String humanSize(double size) {
    int unit = 0;
    while (size >= 1000 && unit < UNITS.length - 1) {
      size /= 1000;
      unit++;
    }
    var rounded = new BigDecimal(size).round(new MathContext(4, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    return rounded.toPlainString() + UNITS[unit];
  }
}
