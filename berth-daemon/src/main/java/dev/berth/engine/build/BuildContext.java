package dev.berth.engine.build;

import dev.berth.engine.build.dockerfile.IgnorePatterns;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.SystemError;
import dev.berth.os.FileCalls;
import dev.berth.snapshot.Decompression;
import dev.berth.snapshot.InRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The build context: the uploaded tar unpacked into a private temp folder, the Dockerfile read
 * from it ({@code dockerfile} parameter, else {@code Dockerfile} or {@code dockerfile}), and the
 * Dockerfile and {@code .dockerignore} removed from it when {@code .dockerignore} excludes them,
 * as dockerd does. Closing deletes the folder.
 */
final class BuildContext implements AutoCloseable {
  private final Path root;
  private final String dockerfileText;

  private BuildContext(Path root, String dockerfileText) {
    this.root = root;
    this.dockerfileText = dockerfileText;
  }

  static BuildContext extract(InputStream body, Path tmpRoot, String dockerfile) {
    Path root;
    try {
      Files.createDirectories(tmpRoot);
      root = Files.createDirectory(tmpRoot.resolve("ctx-" + UUID.randomUUID()));
    } catch (IOException e) {
      throw new SystemError(e.getMessage(), e);
    }
    try {
      try (var in = Decompression.open(body)) {
        untar(in, root, false);
      }
      var name = dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
      var file = InRoot.resolve(root, InRoot.clean(name), true);
      if (!Files.isRegularFile(file) && dockerfile.isEmpty()) {
        file = root.resolve("dockerfile");
      }
      if (!Files.isRegularFile(file)) {
        throw new SystemError("Cannot locate specified Dockerfile: " + name);
      }
      var text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.isBlank()) {
        throw new InvalidArgument("the Dockerfile (" + name + ") cannot be empty");
      }
      var ignore = root.resolve(".dockerignore");
      if (Files.isRegularFile(ignore)) {
        var patterns = IgnorePatterns.parse(Files.readString(ignore, StandardCharsets.UTF_8));
        if (patterns.excludes(root.relativize(file).toString())) {
          Files.deleteIfExists(file);
        }
        if (patterns.excludes(".dockerignore")) {
          Files.deleteIfExists(ignore);
        }
      }
      return new BuildContext(root, text);
    } catch (IOException | RuntimeException e) {
      delete(root);
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new InvalidArgument("failed to read the build context: " + e.getMessage(), e);
    }
  }

  Path root() {
    return root;
  }

  String dockerfile() {
    return dockerfileText;
  }

  /**
   * Unpacks a tar below {@code root} (paths resolved inside it; devices and fifos skipped), with
   * modes and times, and the owners from the tar when {@code owners} (ADD of a local archive).
   */
  static void untar(InputStream in, Path root, boolean owners) throws IOException {
    var dirTimes = new ArrayList<Object[]>();
    try (var tar = new TarArchiveInputStream(in)) {
      for (var e = next(tar); e != null; e = next(tar)) {
        var parts = InRoot.clean(e.getName());
        if (parts.isEmpty()) {
          continue;
        }
        var parent = InRoot.resolve(root, parts.subList(0, parts.size() - 1), true);
        Files.createDirectories(parent);
        var path = parent.resolve(parts.getLast());
        if (e.isDirectory()) {
          if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(path);
            Files.createDirectory(path);
          }
          dirTimes.add(new Object[] {path, FileTime.from(e.getLastModifiedTime().toInstant())});
        } else if (e.isSymbolicLink()) {
          Files.deleteIfExists(path);
          Files.createSymbolicLink(path, Path.of(e.getLinkName()));
          if (owners) {
            FileCalls.lchown(path, (int) e.getLongUserId(), (int) e.getLongGroupId());
          }
          continue;
        } else if (e.isLink()) {
          var target = InRoot.resolve(root, InRoot.clean(e.getLinkName()), false);
          Files.deleteIfExists(path);
          Files.copy(target, path, StandardCopyOption.COPY_ATTRIBUTES);
          continue;
        } else if (e.isFile()) {
          Files.deleteIfExists(path);
          Files.copy(tar, path);
        } else {
          continue; // devices and fifos have no place in a build context
        }
        if (owners) {
          FileCalls.lchown(path, (int) e.getLongUserId(), (int) e.getLongGroupId());
        }
        FileCalls.chmod(path, e.getMode() & 07777);
        if (!e.isDirectory()) {
          Files.setLastModifiedTime(path, FileTime.from(e.getLastModifiedTime().toInstant()));
        }
      }
    }
    for (var d : dirTimes.reversed()) {
      Files.setLastModifiedTime((Path) d[0], (FileTime) d[1]);
    }
  }

  /**
   * The next entry; the end when the stream stops right after an entry's data. The docker CLI sends
   * such a tar when it adds a Dockerfile from outside the context (no padding, no end blocks), and
   * dockerd's Go reader takes it.
   */
  private static org.apache.commons.compress.archivers.tar.TarArchiveEntry next(TarArchiveInputStream tar) throws IOException {
    try {
      return tar.getNextEntry();
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("Truncated TAR archive")) {
        return null;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    delete(root);
  }

  static void delete(Path dir) {
    try {
      dev.berth.snapshot.LayerUnpacker.deleteTree(dir);
    } catch (IOException e) {
      System.getLogger(BuildContext.class.getName()).log(System.Logger.Level.WARNING,
          "cannot remove " + dir + ": " + e.getMessage());
    }
  }
}
