package dev.berth.api.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Places a unix socket at its final path with mode 0660 and group {@code group} without it ever
 * being reachable with looser permissions: the caller binds inside a fresh 0700 directory next to
 * the target; this class then sets mode and group and renames the socket into place (moby gets the
 * same guarantee by binding under umask 0777, go-connections {@code sockets.NewUnixSocket}).
 */
final class UnixSocketBinder {
  private static final System.Logger LOG = System.getLogger(UnixSocketBinder.class.getName());

  private final Path target;
  private final String group;
  private Path scratch;

  UnixSocketBinder(Path target, String group) {
    this.target = target.toAbsolutePath().normalize();
    this.group = group;
  }

  /** Refuses a live socket at the target, removes a stale one, returns the private path to bind. */
  Path prepare() throws IOException {
    if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      if (answers(target)) {
        throw new IOException("cannot listen on " + target + ": another daemon is listening there");
      }
      Files.delete(target);
      LOG.log(Level.DEBUG, "removed stale socket {0}", target);
    }
    var parent = target.getParent();
    Files.createDirectories(parent);
    var perms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    for (int attempt = 0; ; attempt++) {
      var name = ".b" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
      try {
        scratch = Files.createDirectory(parent.resolve(name), perms);
        break;
      } catch (FileAlreadyExistsException e) {
        if (attempt > 5) {
          throw e;
        }
      }
    }
    return scratch.resolve("s");
  }

  /** After the bind: mode 0660, group, then rename into place. */
  void publish(Path bound) throws IOException {
    try {
      Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
      setGroup(bound);
      Files.move(bound, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      cleanup();
    }
  }

  void cleanup() {
    if (scratch != null) {
      try {
        Files.deleteIfExists(scratch.resolve("s"));
        Files.deleteIfExists(scratch);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot remove {0}: {1}", scratch, e.getMessage());
      }
      scratch = null;
    }
  }

  private void setGroup(Path socket) throws IOException {
    var view = Files.getFileAttributeView(socket, PosixFileAttributeView.class);
    try {
      var principal = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
      view.setGroup(principal);
    } catch (UserPrincipalNotFoundException e) {
      LOG.log(Level.WARNING, "could not change group {0} to {1}: group {1} not found; using gid 0", target, group);
      Files.setAttribute(socket, "unix:gid", 0);
    }
  }

  private static boolean answers(Path socket) {
    try (var ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
