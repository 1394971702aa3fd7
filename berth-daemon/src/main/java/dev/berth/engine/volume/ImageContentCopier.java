package dev.berth.engine.volume;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * Copies what the image has at a volume's destination into the volume on its first use (dockerd's
 * {@code copyExistingContents}): only into an empty volume, keeping owners, modes and times, never
 * following symlinks. Devices, fifos and sockets are skipped. The volume's own directory takes the
 * owner and mode of the image directory.
 */
final class ImageContentCopier {
  private static final System.Logger LOG = System.getLogger(ImageContentCopier.class.getName());

  private ImageContentCopier() {}

  /** @return whether anything was copied */
  static boolean copyIfEmpty(Path source, Path volume) throws IOException {
    if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(volume)
        || !FileTrees.isEmptyDirectory(volume)) {
      return false;
    }
    Files.walkFileTree(source, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(source)) {
          Files.copy(dir, target(dir), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
          Files.copy(file, target(file), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } else {
          LOG.log(Level.DEBUG, "not copying special file " + file + " into a volume");
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        var to = dir.equals(source) ? volume : target(dir);
        copyOwnerAndMode(dir, to);
        Files.setLastModifiedTime(to, (FileTime) Files.getAttribute(dir, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS));
        return FileVisitResult.CONTINUE;
      }

      private Path target(Path p) {
        return volume.resolve(source.relativize(p).toString());
      }
    });
    return true;
  }

  private static void copyOwnerAndMode(Path from, Path to) throws IOException {
    Files.setAttribute(to, "unix:uid", Files.getAttribute(from, "unix:uid", LinkOption.NOFOLLOW_LINKS), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:gid", Files.getAttribute(from, "unix:gid", LinkOption.NOFOLLOW_LINKS), LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(to, "unix:mode", Files.getAttribute(from, "unix:mode", LinkOption.NOFOLLOW_LINKS), LinkOption.NOFOLLOW_LINKS);
  }
}
