package dev.berth.it.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker top and docker diff through the CLI. */
@BerthTest
class TopDiffIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void topListsTheContainersProcessesAndDiffItsChanges(Docker docker) {
    var name = "topdiff-it-" + UUID.randomUUID().toString().substring(0, 8);
    docker.ok("run", "-d", "--name", name, "busybox", "sleep", "1000");
    try {
      var top = docker.ok("top", name).out().split("\n");
      assertThat(top[0]).startsWith("UID").contains("PID", "CMD");
      assertThat(top).hasSize(2);
      assertThat(top[1]).endsWith("sleep 1000");
      var custom = docker.ok("top", name, "-o", "pid,comm").out().split("\n");
      assertThat(custom[0].trim().split("\\s+")).containsExactly("PID", "COMMAND");
      assertThat(custom[1]).endsWith("sleep");
      assertThat(docker.ok("diff", name).stdout()).isEmpty();
      docker.ok("exec", name, "sh", "-c", "touch /newfile; rm /bin/cat; mkdir /etc/x");
      assertThat(docker.ok("diff", name).stdout().split("\n"))
          .containsExactly("C /bin", "D /bin/cat", "C /etc", "A /etc/x", "A /newfile");
      docker.ok("stop", "-t", "0", name);
      assertThat(docker.run("top", name).err()).contains("is not running");
    } finally {
      docker.ok("rm", "-f", name);
    }
  }
}
