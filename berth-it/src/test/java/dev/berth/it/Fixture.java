package dev.berth.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Test images. The busybox image is made once per build by the project's own tool
 * ({@code bin/berth-fixture busybox OUT.tar}) and cached in {@code berth-it/target/fixture}; the
 * other forms (OCI image layout, gzip) are derived from it here.
 */
public final class Fixture {
  public static final String BUSYBOX = "busybox:latest";

  private Fixture() {}

  /** A docker-save archive of {@code busybox:latest}. */
  public static synchronized Path busyboxTar() {
    Path out = ItPaths.target().resolve("fixture/busybox.tar");
    if (Files.isRegularFile(out)) {
      return out;
    }
    Path tool = ItPaths.home().resolve("bin/berth-fixture");
    if (!Files.isExecutable(tool)) {
      throw new AssertionError(tool + " is missing (the fixture tool has not landed)");
    }
    try {
      Files.createDirectories(out.getParent());
      Path tmp = out.resolveSibling("busybox.tar.tmp");
      ProcessBuilder pb = new ProcessBuilder(tool.toString(), "busybox", tmp.toString(), BUSYBOX)
          .redirectErrorStream(true)
          .redirectOutput(out.resolveSibling("berth-fixture.log").toFile());
      pb.environment().put("JAVA_HOME", ItPaths.JAVA_HOME.toString());
      Process p = pb.start();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new AssertionError("bin/berth-fixture failed: " + Files.readString(out.resolveSibling("berth-fixture.log")));
      }
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Entries of a tar held in memory (the fixture is a few MB). */
  static Map<String, byte[]> readTar(Path tar) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream raw = Files.newInputStream(tar); var in = new TarArchiveInputStream(raw)) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.isFile()) {
          entries.put(stripDot(e.getName()), in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  private static String stripDot(String name) {
    return name.startsWith("./") ? name.substring(2) : name;
  }

  /** The image ID ({@code sha256:<hex>} of the config) in a docker-save archive. */
  public static String imageId(Path dockerSave) {
    Map<String, byte[]> entries = readTar(dockerSave);
    String config = manifest(entries).get("Config").asText();
    return "sha256:" + sha256(entries.get(config));
  }

  private static JsonNode manifest(Map<String, byte[]> entries) {
    try {
      JsonNode m = Docker.JSON.readTree(entries.get("manifest.json"));
      return m.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rewrites a docker-save archive as a bare OCI image layout (oci-layout, index.json, blobs; no
   * manifest.json), the manifest named {@code imageName} by the {@code io.containerd.image.name}
   * and {@code org.opencontainers.image.ref.name} annotations as dockerd 25+ reads them.
   */
  public static void ociLayout(Path dockerSave, Path out, String imageName) {
    Map<String, byte[]> entries = readTar(dockerSave);
    JsonNode m = manifest(entries);
    Map<String, byte[]> blobs = new LinkedHashMap<>();
    ObjectNode manifest = Docker.JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.set("config", descriptor("application/vnd.oci.image.config.v1+json", entries.get(m.get("Config").asText()), blobs));
    ArrayNode layers = manifest.putArray("layers");
    for (JsonNode l : m.get("Layers")) {
      layers.add(descriptor("application/vnd.oci.image.layer.v1.tar", entries.get(l.asText()), blobs));
    }
    ObjectNode index = Docker.JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", "application/vnd.oci.image.index.v1+json");
    ObjectNode md = descriptor("application/vnd.oci.image.manifest.v1+json", json(manifest), blobs);
    ObjectNode ann = md.putObject("annotations");
    ann.put("io.containerd.image.name", "docker.io/library/" + imageName);
    ann.put("org.opencontainers.image.ref.name", imageName.substring(imageName.indexOf(':') + 1));
    index.putArray("manifests").add(md);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
    files.put("index.json", json(index));
    blobs.forEach((hex, b) -> files.put("blobs/sha256/" + hex, b));
    writeTar(files, out, false);
  }

  /** Gzips a tar. */
  public static void gzip(Path tar, Path out) {
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(out))) {
      Files.copy(tar, o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code files} (path → content) as a tar, gzipped if asked. */
  public static void writeTar(Map<String, byte[]> files, Path out, boolean gzip) {
    try (OutputStream raw = gzip ? new GZIPOutputStream(Files.newOutputStream(out)) : Files.newOutputStream(out);
         var tar = new TarArchiveOutputStream(raw)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (var e : files.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(e.getValue().length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(e.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode descriptor(String mediaType, byte[] content, Map<String, byte[]> blobs) {
    String hex = sha256(content);
    blobs.put(hex, content);
    ObjectNode d = Docker.JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", "sha256:" + hex);
    d.put("size", content.length);
    return d;
  }

  private static byte[] json(JsonNode node) {
    try {
      return Docker.JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A tiny root filesystem tar (one file) for {@code docker import}. */
  public static byte[] rootfsTar(Map<String, String> files) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (var tar = new TarArchiveOutputStream(buf)) {
      for (var e : files.entrySet()) {
        byte[] b = e.getValue().getBytes();
        TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
        entry.setSize(b.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(b);
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }

}
