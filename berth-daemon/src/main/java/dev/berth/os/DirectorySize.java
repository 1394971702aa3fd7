package dev.berth.os;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Bytes used by the regular files under a directory, as {@code docker system df} and {@code ps -s}
 * report them: symlinks are not followed and other mounts below it are not entered.
 */
public final class DirectorySize {
  private DirectorySize() {}

  /** The total, or -1 when {@code root} is not a readable directory; unreadable entries count 0. */
  public static long of(Path root) {
    try {
      if (root == null || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        return -1;
      }
      var device = device(root);
      long[] total = {0};
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          return device.equals(device(dir)) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            total[0] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
      return total[0];
    } catch (IOException e) {
      return -1;
    }
  }

  private static Object device(Path p) throws IOException {
    return Files.getAttribute(p, "unix:dev", LinkOption.NOFOLLOW_LINKS);
  }
}
