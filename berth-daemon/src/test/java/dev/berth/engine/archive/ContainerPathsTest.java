package dev.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerPathsTest {
  @TempDir Path root;

  @Test
  void symlinksResolveInsideTheRootAndDotDotStopsThere() throws IOException {
    Files.createDirectories(root.resolve("d/e"));
    Files.createSymbolicLink(root.resolve("slash"), Path.of("/"));
    Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../.."));
    Files.createSymbolicLink(root.resolve("d/rel"), Path.of("../d/e"));
    Files.createSymbolicLink(root.resolve("host"), root.getParent());
    try (var dir = DirFd.open(root)) {
      assertThat(ContainerPaths.resolve(dir, "/slash/d/e", true)).containsExactly("d", "e");
      assertThat(ContainerPaths.resolve(dir, "/up/up/d", true)).containsExactly("d");
      assertThat(ContainerPaths.resolve(dir, "/d/rel", true)).containsExactly("d", "e");
      assertThat(ContainerPaths.resolve(dir, "/d/rel", false)).containsExactly("d", "rel");
      assertThat(ContainerPaths.resolve(dir, "../../../d/../..", true)).isEmpty();
      // a link to a host path means that path inside the container: absent here, kept as written
      var inside = ContainerPaths.resolve(dir, "/host/x", true);
      assertThat(ContainerPaths.join(inside)).isEqualTo(root.getParent() + "/x");
      assertThat(ContainerPaths.resolve(dir, "/nope/a/b", true)).isEqualTo(List.of("nope", "a", "b"));
    }
  }

  @Test
  void resolvingInRootNeverOpensAHostFolder() throws IOException {
    Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
    try (var dir = DirFd.open(root)) {
      var err = org.assertj.core.api.Assertions.catchThrowable(() -> dir.resolve("escape").close());
      assertThat(err).isInstanceOf(dev.berth.os.ErrnoException.class); // /etc is absent in this root
      Files.createDirectories(root.resolve("etc"));
      try (var etc = dir.resolve("escape")) {
        assertThat(Files.list(etc.path()).count()).isZero(); // the root's empty etc, not the host's
      }
    }
  }
}
