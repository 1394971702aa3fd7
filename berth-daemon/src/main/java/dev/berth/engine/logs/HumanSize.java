package dev.berth.engine.logs;

import dev.berth.engine.error.InvalidArgument;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** go-units {@code FromHumanSize} (k = 1000) and {@code RAMInBytes} (k = 1024), with their error text. */
final class HumanSize {
  private static final Pattern SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");
  private static final String UNITS = "kmgtp";

  private HumanSize() {}

  /** Decimal units: "10m" is 10,000,000. */
  static long fromHumanSize(String size, String prefix) {
    return parse(size, 1000, prefix);
  }

  /** Binary units: "10m" is 10,485,760. */
  static long ramInBytes(String size, String prefix) {
    return parse(size, 1024, prefix);
  }

  private static long parse(String size, int base, String prefix) {
    var m = SIZE.matcher(size);
    if (!m.matches() || m.group(1).chars().filter(c -> c == '.').count() > 1) {
      throw new InvalidArgument(prefix + "invalid size: '" + size + "'");
    }
    var value = new BigDecimal(m.group(1));
    if (m.group(3) != null) {
      int power = UNITS.indexOf(Character.toLowerCase(m.group(3).charAt(0))) + 1;
      value = value.multiply(BigDecimal.valueOf(base).pow(power));
    }
    return value.longValue();
  }
}
