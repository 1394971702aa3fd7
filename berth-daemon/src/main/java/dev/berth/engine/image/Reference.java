package dev.berth.engine.image;

import dev.berth.content.Digest;
import dev.berth.engine.error.InvalidArgument;
import java.util.regex.Pattern;

/**
 * A normalized image reference, {@code domain/path[:tag][@digest]}, parsed exactly as the
 * distribution/reference library parses it for dockerd ({@code ParseNormalizedNamed}): {@code
 * busybox} → {@code docker.io/library/busybox}, {@code index.docker.io} → {@code docker.io}, with
 * the same error texts. {@link #familiar()} is the short form dockerd shows ({@code busybox:latest}).
 */
public record Reference(String domain, String path, String tag, Digest digest) {
  static final String DEFAULT_DOMAIN = "docker.io";
  private static final String LEGACY_DOMAIN = "index.docker.io";
  private static final String OFFICIAL_PREFIX = "library/";
  private static final int NAME_MAX = 255;

  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final String HOST =
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[(?:[a-fA-F0-9:]+)\\])";
  private static final String DOMAIN_AND_PORT = HOST + "(?::[0-9]+)?";
  private static final String TAG = "[\\w][\\w.-]{0,127}";
  private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
  private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
  private static final Pattern REFERENCE =
      Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
  private static final Pattern IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");
  private static final Pattern TAG_ONLY = Pattern.compile("^" + TAG + "$");

  public Reference {
    if (tag != null && !TAG_ONLY.matcher(tag).matches()) {
      throw new InvalidArgument("invalid tag format");
    }
  }

  /** dockerd's {@code ParseNormalizedNamed}: InvalidArgument with the library's message when malformed. */
  public static Reference parse(String s) {
    if (IDENTIFIER.matcher(s).matches()) {
      throw new InvalidArgument("invalid repository name (" + s + "), cannot specify 64-byte hexadecimal strings");
    }
    String domain;
    String remainder;
    int slash = s.indexOf('/');
    if (slash == -1 || (!containsAny(s.substring(0, slash), ".:") && !s.substring(0, slash).equals("localhost")
        && s.substring(0, slash).toLowerCase().equals(s.substring(0, slash)))) {
      domain = DEFAULT_DOMAIN;
      remainder = s;
    } else {
      domain = s.substring(0, slash);
      remainder = s.substring(slash + 1);
    }
    if (domain.equals(LEGACY_DOMAIN)) {
      domain = DEFAULT_DOMAIN;
    }
    if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') == -1) {
      remainder = OFFICIAL_PREFIX + remainder;
    }
    int colon = remainder.indexOf(':');
    var remote = colon > -1 ? remainder.substring(0, colon) : remainder;
    if (!remote.toLowerCase().equals(remote)) {
      throw new InvalidArgument("invalid reference format: repository name (" + remote + ") must be lowercase");
    }
    return strict(domain + "/" + remainder);
  }

  /** The library's {@code Parse} on an already-qualified string. */
  private static Reference strict(String s) {
    var m = REFERENCE.matcher(s);
    if (!m.matches()) {
      if (s.isEmpty()) {
        throw new InvalidArgument("repository name must have at least one component");
      }
      if (REFERENCE.matcher(s.toLowerCase()).matches()) {
        throw new InvalidArgument("invalid reference format: repository name must be lowercase");
      }
      throw new InvalidArgument("invalid reference format");
    }
    var name = m.group(1);
    if (name.length() > NAME_MAX) {
      throw new InvalidArgument("repository name must not be more than " + NAME_MAX + " characters");
    }
    Digest digest = null;
    if (m.group(3) != null) {
      try {
        digest = Digest.parse(m.group(3));
      } catch (IllegalArgumentException e) {
        throw new InvalidArgument(e.getMessage());
      }
    }
    int slash = name.indexOf('/');
    return new Reference(name.substring(0, slash), name.substring(slash + 1), m.group(2), digest);
  }

  /** Whether {@code s} is 64 lowercase hex (a full image ID without its algorithm). */
  public static boolean isFullHexId(String s) {
    return IDENTIFIER.matcher(s).matches();
  }

  private static boolean containsAny(String s, String chars) {
    for (char c : chars.toCharArray()) {
      if (s.indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** {@code domain/path}. */
  public String name() {
    return domain + "/" + path;
  }

  public Reference withTag(String newTag) {
    return new Reference(domain, path, newTag, null);
  }

  public Reference withDigest(Digest d) {
    return new Reference(domain, path, null, d);
  }

  /**
   * moby {@code httputils.RepoTagReference} for commit and import: null for an empty repo, else
   * {@code repo} with {@code tag} (or {@code latest}); a digest reference is refused.
   */
  public static Reference repoTag(String repo, String tag) {
    if (repo == null || repo.isEmpty()) {
      return null;
    }
    var ref = parse(repo);
    if (ref.digest() != null) {
      throw new dev.berth.engine.error.InvalidArgument("cannot import digest reference");
    }
    return tag == null || tag.isEmpty() ? ref.tagNameOnly() : ref.withTag(tag);
  }

  /** dockerd's {@code TagNameOnly}: adds {@code :latest} when there is neither tag nor digest. */
  public Reference tagNameOnly() {
    return tag == null && digest == null ? withTag("latest") : this;
  }

  /** The key the reference store uses: a digest wins over a tag ({@code name@sha256:…}), else {@code name:tag}. */
  public Reference storeKey() {
    return digest != null ? withDigest(digest) : tagNameOnly();
  }

  public String familiarName() {
    if (!domain.equals(DEFAULT_DOMAIN)) {
      return name();
    }
    if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) == -1) {
      return path.substring(OFFICIAL_PREFIX.length());
    }
    return path;
  }

  public String familiar() {
    return familiarName() + suffix();
  }

  private String suffix() {
    return (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  @Override
  public String toString() {
    return name() + suffix();
  }
}
