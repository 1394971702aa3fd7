package dev.berth.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;

/** Deleting a directory tree that another process may still be changing. Stateless. */
public final class FileTree {
  private static final int ATTEMPTS = 5;

  private FileTree() {}

  /**
   * Deletes {@code dir} and everything below it without following symlinks; absent is fine. A
   * process may still remove or add entries meanwhile (conmon removing its attach socket or
   * writing its exit file as it goes): a walk that loses an entry, or a dir that gains one, is
   * walked again, up to {@value #ATTEMPTS} times.
   */
  public static void delete(Path dir) throws IOException {
    for (int attempt = 1; ; attempt++) {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
      try (var walk = Files.walk(dir)) {
        for (var p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        return;
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException) || attempt == ATTEMPTS) throw e.getCause();
      } catch (DirectoryNotEmptyException e) {
        if (attempt == ATTEMPTS) throw e;
      }
    }
  }
}
