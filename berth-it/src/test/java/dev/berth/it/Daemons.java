package dev.berth.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Fresh daemons for one test method; every daemon made here is stopped and cleaned after it. */
public final class Daemons implements AutoCloseable {
  private final String name;
  private final List<BerthDaemon> made = new ArrayList<>();

  Daemons(String name) {
    this.name = name;
  }

  /** A new daemon on new dirs, not started yet, with these extra berthd flags. */
  public BerthDaemon create(String... extraArgs) {
    BerthDaemon d = new BerthDaemon(name, List.of(extraArgs));
    made.add(d);
    return d;
  }

  /** A new daemon with its own socket, exec root and pidfile but {@code other}'s data root; not started. */
  public BerthDaemon createOnDataRootOf(BerthDaemon other, String... extraArgs) {
    BerthDaemon d = new BerthDaemon(name, List.of(extraArgs), other.dataRoot());
    made.add(d);
    return d;
  }

  /** A new daemon on new dirs, started. */
  public BerthDaemon start(String... extraArgs) {
    return create(extraArgs).start();
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (BerthDaemon d : made.reversed()) {
      try {
        d.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
