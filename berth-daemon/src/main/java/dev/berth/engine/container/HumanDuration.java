package dev.berth.engine.container;

import java.time.Duration;

/** go-units {@code HumanDuration}, which dockerd uses in {@code ps}'s Status ("Up 5 seconds"). */
final class HumanDuration {
  private HumanDuration() {}

  static String of(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 1) return "Less than a second";
    if (seconds == 1) return "1 second";
    if (seconds < 60) return seconds + " seconds";
    long minutes = d.toMinutes();
    if (minutes == 1) return "About a minute";
    if (minutes < 60) return minutes + " minutes";
    long hours = (long) (d.toNanos() / 3.6e12 + 0.5);
    if (hours == 1) return "About an hour";
    if (hours < 48) return hours + " hours";
    if (hours < 24 * 7 * 2) return hours / 24 + " days";
    if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
    if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
    return d.toHours() / 24 / 365 + " years";
  }
}
