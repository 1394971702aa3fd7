package dev.berth.engine.distribution;

import dev.berth.engine.error.InvalidArgument;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A registry reference normalized as dockerd normalizes it ({@code busybox} →
 * {@code docker.io/library/busybox}). {@code tag} and {@code digest} may each be null; a reference
 * with neither means {@code latest} to a pull.
 *
 * @param domain registry host (with port), {@code docker.io} for Docker Hub
 * @param path repository path inside the registry ({@code library/busybox})
 */
public record ImageRef(String domain, String path, String tag, String digest) {
  static final String DOCKER_HUB = "docker.io";
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern DOMAIN =
      Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

  public ImageRef {
    if (!DOMAIN.matcher(domain).matches()) {
      throw invalid();
    }
    for (var part : path.split("/", -1)) {
      if (!COMPONENT.matcher(part).matches()) {
        throw invalid();
      }
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw invalid();
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw invalid();
    }
  }

  /** Parses {@code [domain/]path[:tag][@digest]} as dockerd's reference.ParseNormalizedNamed does. */
  public static ImageRef parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 255 + 64 + 136) {
      throw invalid();
    }
    String digest = null;
    var rest = text;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String domain;
    String path;
    int slash = rest.indexOf('/');
    var first = slash < 0 ? "" : rest.substring(0, slash);
    if (slash < 0
        || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
            && first.toLowerCase(Locale.ROOT).equals(first))) {
      domain = DOCKER_HUB;
      path = rest;
    } else {
      domain = first;
      path = rest.substring(slash + 1);
    }
    if (domain.equals("index.docker.io")) {
      domain = DOCKER_HUB;
    }
    if (domain.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    if (!path.toLowerCase(Locale.ROOT).equals(path)) {
      throw new InvalidArgument(
          "invalid reference format: repository name (" + path + ") must be lowercase");
    }
    return new ImageRef(domain, path, tag, digest);
  }

  private static InvalidArgument invalid() {
    return new InvalidArgument("invalid reference format");
  }

  /** {@code domain/path}. */
  public String name() {
    return domain + "/" + path;
  }

  /** The name as users write it ({@code busybox}, {@code 127.0.0.1:5000/x}). */
  public String familiarName() {
    if (domain.equals(DOCKER_HUB)) {
      return path.startsWith("library/") && path.indexOf('/', 8) < 0 ? path.substring(8) : path;
    }
    return name();
  }

  /** The tag or digest a registry knows this by; {@code latest} when neither was given. */
  public String reference() {
    return digest != null ? digest : tag != null ? tag : "latest";
  }

  public ImageRef withTag(String newTag) {
    return new ImageRef(domain, path, newTag, null);
  }

  public ImageRef withDigest(String newDigest) {
    return new ImageRef(domain, path, null, newDigest);
  }

  /** dockerd's FamiliarString: familiar name plus {@code :tag} and/or {@code @digest}. */
  public String familiar() {
    return familiarName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  @Override
  public String toString() {
    return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
