package dev.berth.daemon;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes sure one berthd owns a data root and an exec root: an exclusive lock on {@code lock} in
 * each (held until exit; the kernel drops it if the process dies), then the pidfile. Closing
 * removes the pidfile and releases the locks.
 */
final class ProcessLocks implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ProcessLocks.class.getName());

  private final List<FileChannel> channels = new ArrayList<>();
  private Path pidfile;

  /** Thrown when another daemon holds a root. */
  static final class AlreadyRunning extends Exception {
    AlreadyRunning(String message) {
      super(message);
    }
  }

  void lock(Path root, String what) throws IOException, AlreadyRunning {
    var file = root.resolve("berthd.lock");
    var ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      var holder = Files.readString(file, StandardCharsets.UTF_8).strip();
      ch.close();
      throw new AlreadyRunning("another berthd" + (holder.isEmpty() ? "" : " (pid " + holder + ")")
          + " is already using the " + what + " " + root + "; stop it or choose another --" + what);
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
    channels.add(ch);
  }

  /** Writes our pid; a pidfile naming a live process is refused, as dockerd's pidfile package does. */
  void writePidfile(Path file) throws IOException, AlreadyRunning {
    if (Files.exists(file)) {
      try {
        long pid = Long.parseLong(Files.readString(file).strip());
        if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
            && Files.exists(Path.of("/proc", String.valueOf(pid)))) {
          throw new AlreadyRunning("process with PID " + pid + " is still running; remove " + file
              + " if that is not a berthd");
        }
      } catch (NumberFormatException e) {
        // garbage in a stale pidfile: overwrite it
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, ProcessHandle.current().pid() + "\n");
    pidfile = file;
  }

  @Override
  public void close() {
    if (pidfile != null) {
      try {
        Files.deleteIfExists(pidfile);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot remove pidfile {0}: {1}", pidfile, e.getMessage());
      }
      pidfile = null;
    }
    for (var ch : channels) {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "closing a lock: {0}", e.getMessage());
      }
    }
    channels.clear();
  }
}
