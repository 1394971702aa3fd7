package dev.berth.engine.distribution;

import dev.berth.engine.error.InvalidArgument;
import java.util.Locale;

/** An OCI platform; {@code variant} may be empty. Normalized as containerd's platforms package does. */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    os = os == null ? "" : os.toLowerCase(Locale.ROOT);
    architecture = normalizeArch(architecture == null ? "" : architecture.toLowerCase(Locale.ROOT));
    variant = variant == null ? "" : variant.toLowerCase(Locale.ROOT);
    if (architecture.equals("arm64") && variant.equals("v8")) {
      variant = "";
    }
  }

  /** The platform of this host, as dockerd picks it from an index by default. */
  public static Platform host() {
    var arch = normalizeArch(System.getProperty("os.arch", "amd64"));
    return new Platform("linux", arch, arch.equals("arm") ? "v7" : "");
  }

  /** Parses {@code os[/arch[/variant]]} (the {@code --platform} flag). */
  public static Platform parse(String text) {
    var parts = text.trim().split("/", -1);
    if (parts.length > 3 || parts[0].isEmpty() || (parts.length > 1 && parts[1].isEmpty())) {
      throw new InvalidArgument("\"" + text + "\": unknown operating system or architecture: invalid argument");
    }
    if (parts.length == 1) {
      return new Platform(parts[0], host().architecture(), host().variant());
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  private static String normalizeArch(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      case "i386", "i686", "x86" -> "386";
      case "armhf", "armel" -> "arm";
      default -> arch;
    };
  }

  /**
   * Whether an image built for {@code candidate} runs here: same os and architecture, and for arm a
   * variant no newer than ours (containerd's matcher); an empty variant on either side matches.
   */
  boolean accepts(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return false;
    }
    if (variant.isEmpty() || candidate.variant.isEmpty() || variant.equals(candidate.variant)) {
      return true;
    }
    return architecture.equals("arm") && candidate.variant.compareTo(variant) < 0;
  }

  /** Higher is a better match for {@link #accepts accepted} candidates. */
  int rank(Platform candidate) {
    if (variant.equals(candidate.variant)) {
      return 3;
    }
    return candidate.variant.isEmpty() ? 2 : 1;
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
