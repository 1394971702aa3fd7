package dev.berth.engine.container;

import dev.berth.engine.error.InvalidArgument;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Container names: dockerd's validation (moby {@code daemon/names}: at least two characters of
 * {@code [a-zA-Z0-9][a-zA-Z0-9_.-]}) and generated {@code adjective_surname} names. The word lists
 * are Berth's own: adjectives of temperament and surnames of people who shaped computing, science
 * and seafaring.
 */
final class Names {
  static final String RESTRICTED_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
  private static final Pattern VALID = Pattern.compile("^" + RESTRICTED_CHARS + "+$");

  private static final List<String> ADJECTIVES = List.of(
      "able", "agile", "amused", "ardent", "astute", "awake", "bold", "brave", "breezy", "bright", "calm", "candid",
      "careful", "cheerful", "clever", "cosmic", "curious", "daring", "dazzling", "devoted", "diligent", "eager",
      "earnest", "elated", "epic", "fearless", "fervent", "festive", "fond", "frank", "gentle", "gifted", "glad",
      "gracious", "hardy", "hearty", "honest", "hopeful", "humble", "jolly", "jovial", "keen", "kind", "lively",
      "loyal", "lucid", "merry", "mellow", "mindful", "modest", "nimble", "noble", "patient", "peaceful", "plucky",
      "polite", "proud", "quiet", "quirky", "radiant", "rapid", "serene", "sharp", "sincere", "snug", "spry",
      "steady", "stoic", "sunny", "swift", "tender", "tidy", "tranquil", "trusty", "upbeat", "valiant", "vivid",
      "warm", "wise", "witty", "zealous", "zesty");

  private static final List<String> SURNAMES = List.of(
      "agnesi", "allen", "babbage", "backus", "bartik", "bell", "bose", "brahe", "cannon", "carson", "cerf",
      "chandra", "clarke", "colden", "conway", "cook", "corbato", "curie", "dahl", "dijkstra", "drake", "easley",
      "engelbart", "euler", "faraday", "fermat", "feynman", "franklin", "galois", "gauss", "germain", "hamilton",
      "hawking", "hopper", "hypatia", "jemison", "johnson", "kahan", "kare", "knuth", "kowalevski", "lamarr",
      "lamport", "leavitt", "liskov", "lovelace", "magellan", "maxwell", "mcclintock", "meitner", "mirzakhani",
      "moore", "nansen", "napier", "neumann", "noether", "nygaard", "ochoa", "pascal", "perlman", "poincare",
      "ritchie", "ride", "sammet", "shackleton", "shannon", "shirley", "snyder", "somerville", "sutherland",
      "tasman", "tesla", "thompson", "torvalds", "turing", "vaughan", "wilkes", "wing", "wozniak", "yalow");

  private Names() {}

  /**
   * Returns {@code name} with its leading slash ({@code /web}).
   *
   * @throws InvalidArgument dockerd's text for a name it would refuse
   */
  static String canonical(String name) {
    var bare = name.startsWith("/") ? name.substring(1) : name;
    if (!VALID.matcher(bare).matches()) {
      throw new InvalidArgument("Invalid container name (" + name + "), only " + RESTRICTED_CHARS + " are allowed");
    }
    return "/" + bare;
  }

  /** A random {@code adjective_surname}; from the second {@code attempt} on with a digit appended, as moby does. */
  static String generate(RandomGenerator random, int attempt) {
    var name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_" + SURNAMES.get(random.nextInt(SURNAMES.size()));
    return attempt > 0 ? name + random.nextInt(10) : name;
  }
}
