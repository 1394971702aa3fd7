package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.NotModified;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventFilter;
import dev.berth.model.Filters;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerServiceTest {
  @TempDir Path root;
  Fixture f;

  @BeforeEach
  void setUp() {
    f = new Fixture(root);
  }

  @Test
  void createMergesImageDefaultsAndStoresTheRecord() {
    var id = f.create("web", "{\"Image\":\"busybox\",\"Env\":[\"A=user\"],\"Labels\":{\"mine\":\"1\"}}");
    var inspect = f.service.inspect("web", false);
    assertThat(id).hasSize(64).matches("[0-9a-f]+");
    assertThat(inspect.get("Name")).isEqualTo("/web");
    assertThat(inspect.get("Path")).isEqualTo("sh");
    var config = (dev.berth.model.ContainerConfig) inspect.get("Config");
    assertThat(config.env()).containsExactly("A=user", "PATH=/bin");
    assertThat(config.labels()).containsEntry("mine", "1").containsEntry("from", "image");
    assertThat(config.hostname()).isEqualTo(id.substring(0, 12));
    assertThat(root.resolve("containers").resolve(id).resolve("config.v2.json")).exists();
    assertThat(root.resolve("containers").resolve(id).resolve("hostconfig.json")).exists();
    @SuppressWarnings("unchecked")
    var state = (Map<String, Object>) inspect.get("State");
    assertThat(state).containsEntry("Status", "created").containsEntry("StartedAt", "0001-01-01T00:00:00Z");
  }

  @Test
  void nameClashIs409WithDockerdText() {
    var id = f.create("web", "{\"Image\":\"busybox\"}");
    assertThatThrownBy(() -> f.create("/web", "{\"Image\":\"busybox\"}"))
        .isInstanceOf(Conflict.class)
        .hasMessage("Conflict. The container name \"/web\" is already in use by container \"" + id
            + "\". You have to remove (or rename) that container to be able to reuse that name.");
  }

  @Test
  void unknownImageIs404NoSuchImage() {
    assertThatThrownBy(() -> f.create("x1", "{\"Image\":\"nope\"}")).isInstanceOf(NotFound.class)
        .hasMessage("No such image: nope");
    assertThat(root.resolve("containers").toFile().list()).isNullOrEmpty();
  }

  @Test
  void lookupByNameIdAndUniquePrefix() {
    var id = f.create("web", "{\"Image\":\"busybox\"}");
    assertThat(f.service.inspect(id.substring(0, 5), false).get("Id")).isEqualTo(id);
    assertThat(f.service.inspect("/web", false).get("Id")).isEqualTo(id);
    assertThatThrownBy(() -> f.service.inspect("zzz", false)).isInstanceOf(NotFound.class)
        .hasMessage("No such container: zzz");
  }

  @Test
  void runExitAndWaitRecordTheExitCode() throws Exception {
    var id = f.create("", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"exit 3\"]}");
    var wait = f.service.await(id, WaitCondition.NEXT_EXIT);
    f.service.start(id);
    assertThat(f.runtime.created.get(id).spec().get("args")).isEqualTo(List.of("sh", "-c", "exit 3"));
    assertThat(f.mounted).hasSize(1);
    assertThatThrownBy(() -> f.service.start(id)).isInstanceOf(NotModified.class);
    f.runtime.exit(id, 3);
    assertThat(wait.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(3);
    assertThat(f.mounted).isEmpty();
    assertThat(f.networksUp).isEmpty();
    assertThat(f.runtime.deleted).contains(id);
    assertThat(f.service.list(new ListOptions(true, -1, false, Filters.none())).getFirst().get("Status"))
        .asString().startsWith("Exited (3) ");
    assertThat(f.service.await(id, WaitCondition.NOT_RUNNING).get(1, TimeUnit.SECONDS).statusCode()).isEqualTo(3);
  }

  @Test
  void stopSendsTheStopSignalThenReports304WhenStopped() {
    var id = f.create("web", "{\"Image\":\"busybox\",\"StopSignal\":\"SIGUSR1\"}");
    f.service.start(id);
    f.runtime.fatal.add(10);
    f.service.stop("web", null, 5);
    assertThat(f.runtime.signals).containsExactly(id + ":10");
    assertThat(f.service.inspect(id, false).get("State")).asString().contains("ExitCode=138");
    assertThatThrownBy(() -> f.service.stop("web", null, null)).isInstanceOf(NotModified.class);
  }

  @Test
  void stopKillsAfterTheTimeout() {
    var id = f.create("web", "{\"Image\":\"busybox\"}");
    f.service.start(id);
    f.runtime.fatal.remove(15);
    f.service.stop("web", null, 0);
    assertThat(f.runtime.signals).containsExactly(id + ":15", id + ":9");
  }

  @Test
  void killOfAStoppedContainerIs409WithMobysText() {
    var id = f.create("web", "{\"Image\":\"busybox\"}");
    assertThatThrownBy(() -> f.service.kill("web", "")).isInstanceOf(Conflict.class)
        .hasMessage("cannot kill container: web: container " + id + " is not running");
    assertThatThrownBy(() -> f.service.kill("web", "FOO")).isInstanceOf(InvalidArgument.class)
        .hasMessage("cannot kill container: web: Invalid signal: FOO");
  }

  @Test
  void removingARunningContainerNeedsForce() throws Exception {
    var id = f.create("web", "{\"Image\":\"busybox\"}");
    f.service.start(id);
    assertThatThrownBy(() -> f.service.remove("web", false, false)).isInstanceOf(Conflict.class)
        .hasMessage("cannot remove container \"web\": container is running: stop the container before removing or force remove");
    var removed = f.service.await(id, WaitCondition.REMOVED);
    f.service.remove("web", true, false);
    assertThat(removed.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(137);
    assertThat(root.resolve("containers").resolve(id)).doesNotExist();
    assertThatThrownBy(() -> f.service.inspect("web", false)).isInstanceOf(NotFound.class);
  }

  @Test
  void autoRemoveRemovesAfterExitAndWakesRemovedWaiters() throws Exception {
    var id = f.service.create(new ContainerCreate("", Fixture.config("{\"Image\":\"busybox\"}"),
        Creator.normalize(dev.berth.model.Json.mapper().readValue("{\"AutoRemove\":true}", dev.berth.model.HostConfig.class)),
        Map.of())).id();
    var removed = f.service.await(id, WaitCondition.REMOVED);
    f.service.start(id);
    f.runtime.exit(id, 0);
    assertThat(removed.get(5, TimeUnit.SECONDS).statusCode()).isZero();
    assertThat(f.service.list(new ListOptions(true, -1, false, Filters.none()))).isEmpty();
  }

  @Test
  void attachBeforeStartGetsTheOutputAndEndsAfterTheExitIsRecorded() throws Exception {
    var id = f.create("web", "{\"Image\":\"busybox\"}");
    var got = new CopyOnWriteArrayList<String>();
    var attachment = f.service.attach("web", new AttachOptions(false, true, true, false, true, null));
    var done = new java.util.concurrent.CompletableFuture<Integer>();
    Thread.ofVirtual().start(() -> {
      try {
        attachment.run(new AttachStreams() {
          @Override
          public InputStream stdin() {
            return new ByteArrayInputStream(new byte[0]);
          }

          @Override
          public void write(int stream, byte[] data) {
            got.add(stream + ":" + new String(data));
          }
        });
        done.complete((Integer) ((Map<?, ?>) f.service.inspect(id, false).get("State")).get("ExitCode"));
      } catch (Exception e) {
        done.completeExceptionally(e);
      }
    });
    Fixture.await(Duration.ofSeconds(5), () -> f.events.subscriberCount() >= 0 && attachQueued(id));
    f.service.start(id);
    f.runtime.output(id, 1, "hi\n");
    f.runtime.output(id, 2, "oops\n");
    f.runtime.exit(id, 0);
    assertThat(done.get(5, TimeUnit.SECONDS)).isZero();
    assertThat(got).containsExactly("1:hi\n", "2:oops\n");
  }

  private boolean attachQueued(String id) {
    // the attach event is published just before the session queues
    var sub = f.events.subscribe(EventFilter.of(Filters.none()), java.time.Instant.EPOCH, null);
    try (sub) {
      return sub.replay().stream().anyMatch(e -> e.action().equals("attach") && e.actor().id().equals(id));
    }
  }

  @Test
  void eventsCarryNameImageAndLabels() throws Exception {
    var id = f.create("web", "{\"Image\":\"busybox\",\"Labels\":{\"a\":\"b\"}}");
    var exit = f.service.await(id, WaitCondition.NEXT_EXIT);
    f.service.start(id);
    f.runtime.exit(id, 7);
    exit.get(5, TimeUnit.SECONDS);
    List<Event> seen;
    try (var sub = f.events.subscribe(EventFilter.of(Filters.none()), java.time.Instant.EPOCH, null)) {
      seen = sub.replay();
    }
    assertThat(seen).extracting(Event::action).containsSubsequence("create", "start", "die");
    var die = seen.stream().filter(e -> e.action().equals("die")).findFirst().orElseThrow();
    assertThat(die.actor().attributes()).containsEntry("exitCode", "7").containsEntry("name", "web")
        .containsEntry("image", "busybox").containsEntry("a", "b");
    assertThat(die.status()).isEqualTo("die");
    assertThat(die.from()).isEqualTo("busybox");
  }

  @Test
  void renameChecksNamesAndReleasesTheOldOne() {
    f.create("web", "{\"Image\":\"busybox\"}");
    f.create("db", "{\"Image\":\"busybox\"}");
    assertThatThrownBy(() -> f.service.rename("web", "db")).isInstanceOf(Conflict.class)
        .hasMessageStartingWith("Error when allocating new name: Conflict. The container name \"/db\" is already in use");
    assertThatThrownBy(() -> f.service.rename("web", "web")).isInstanceOf(InvalidArgument.class)
        .hasMessage("Renaming a container with the same name as its current name");
    f.service.rename("web", "api");
    f.create("web", "{\"Image\":\"busybox\"}");
    assertThat(f.service.inspect("api", false).get("Name")).isEqualTo("/api");
  }

  @Test
  void failedStartRecordsTheErrorAnd127ForAMissingCommand() {
    var id = f.create("web", "{\"Image\":\"busybox\"}");
    f.runtime.failCreate = "exec: \"nope\": executable file not found in $PATH";
    assertThatThrownBy(() -> f.service.start(id)).hasMessageContaining("executable file not found");
    var state = (Map<?, ?>) f.service.inspect(id, false).get("State");
    assertThat(state.get("ExitCode")).isEqualTo(127);
    assertThat(state.get("Running")).isEqualTo(false);
    assertThat(f.mounted).isEmpty();
  }

  @Test
  void restoreFindsRunningAndExitedContainersAgain() throws Exception {
    var keeps = f.create("keeps", "{\"Image\":\"busybox\"}");
    var dies = f.create("dies", "{\"Image\":\"busybox\"}");
    var lost = f.create("lost", "{\"Image\":\"busybox\"}");
    for (var id : List.of(keeps, dies, lost)) f.service.start(id);
    f.runtime.exitQuietly(dies, 5);
    f.runtime.running.remove(lost);
    java.nio.file.Files.createDirectories(root.resolve("containers").resolve("half-created"));

    f.service = f.newService();

    assertThat(state(dies).get("ExitCode")).isEqualTo(5);
    assertThat(state(dies).get("Running")).isEqualTo(false);
    assertThat(state(lost).get("ExitCode")).isEqualTo(255);
    assertThat(state(keeps).get("Running")).isEqualTo(true);
    assertThat(root.resolve("containers").resolve("half-created")).doesNotExist();
    var wait = f.service.await("keeps", WaitCondition.NOT_RUNNING);
    f.runtime.exit(keeps, 0);
    assertThat(wait.get(5, TimeUnit.SECONDS).statusCode()).isZero();
  }

  @Test
  void restoreRemovesTheRuntimeStateAndRootfsOfAContainerWhoseRecordVanished() throws Exception {
    var keeps = f.create("keeps", "{\"Image\":\"busybox\"}");
    var vanished = f.create("vanished", "{\"Image\":\"busybox\"}");
    f.service.start(keeps);
    f.service.start(vanished);
    var merged = f.layerDirs.get(vanished);
    assertThat(f.mounted).contains(merged);
    java.nio.file.Files.delete(root.resolve("containers").resolve(vanished).resolve("config.v2.json"));

    f.service = f.newService();

    assertThat(f.runtime.deleted).containsExactly(vanished);
    assertThat(f.layerDirs).containsOnlyKeys(keeps);
    assertThat(f.mounted).doesNotContain(merged).contains(f.layerDirs.get(keeps));
    assertThat(root.resolve("containers").resolve(vanished)).doesNotExist();
    assertThat(state(keeps).get("Running")).isEqualTo(true);
    assertThatThrownBy(() -> f.service.inspect(vanished, false)).isInstanceOf(NotFound.class);
  }

  private Map<?, ?> state(String id) {
    return (Map<?, ?>) f.service.inspect(id, false).get("State");
  }

  @Test
  void shutdownWithoutLiveRestoreStopsRunningContainers() {
    var id = f.create("web", "{\"Image\":\"busybox\"}");
    f.service.start(id);
    f.service.shutdown(true);
    assertThat(f.runtime.running).contains(id);
    f.service.shutdown(false);
    assertThat(f.runtime.running).doesNotContain(id);
    assertThat(f.runtime.signals).containsExactly(id + ":15");
  }

  @Test
  void pruneRemovesStoppedContainersMatchingLabels() {
    var keep = f.create("keep", "{\"Image\":\"busybox\",\"Labels\":{\"x\":\"1\"}}");
    var gone = f.create("gone", "{\"Image\":\"busybox\",\"Labels\":{\"x\":\"2\"}}");
    var report = f.service.prune(new Filters(Map.of("label", Set.of("x=2"))));
    assertThat(report.containersDeleted()).containsExactly(gone);
    assertThat(f.service.inspect(keep, false)).isNotNull();
    assertThat(f.service.prune(Filters.none()).containersDeleted()).containsExactly(keep);
    assertThat(f.service.prune(Filters.none()).containersDeleted()).isNull();
  }

  @Test
  void countsAndImageUsers() {
    var a = f.create("a1", "{\"Image\":\"busybox\"}");
    f.create("b1", "{\"Image\":\"busybox\"}");
    f.service.start(a);
    assertThat(f.service.counts()).isEqualTo(new dev.berth.engine.system.ContainerCounts.Counts(2, 1, 0, 1));
    assertThat(f.service.usersOf(Fixture.IMAGE_ID)).hasSize(2).anyMatch(u -> u.running() && u.containerId().equals(a));
  }

  @Test
  void psFiltersAndOrder() throws Exception {
    var first = f.create("first", "{\"Image\":\"busybox\",\"Labels\":{\"app\":\"x\"}}");
    var second = f.create("second", "{\"Image\":\"busybox\"}");
    var third = f.create("third", "{\"Image\":\"busybox\"}");
    f.service.start(second);
    assertThat(ids(new ListOptions(false, -1, false, Filters.none()))).containsExactly(second);
    assertThat(ids(new ListOptions(true, -1, false, Filters.none()))).containsExactly(third, second, first);
    assertThat(ids(new ListOptions(false, 1, false, Filters.none()))).containsExactly(third);
    assertThat(ids(new ListOptions(true, -1, false, new Filters(Map.of("label", Set.of("app=x")))))).containsExactly(first);
    assertThat(ids(new ListOptions(false, -1, false, new Filters(Map.of("status", Set.of("created")))))).containsExactly(third, first);
    assertThat(ids(new ListOptions(true, -1, false, new Filters(Map.of("name", Set.of("^sec")))))).containsExactly(second);
    assertThat(ids(new ListOptions(true, -1, false, new Filters(Map.of("before", Set.of("second")))))).containsExactly(first);
    assertThat(ids(new ListOptions(true, -1, false, new Filters(Map.of("since", Set.of("first")))))).containsExactly(third, second);
    assertThat(ids(new ListOptions(true, -1, false, new Filters(Map.of("ancestor", Set.of("busybox")))))).hasSize(3);
    var exited = f.service.await(second, WaitCondition.NEXT_EXIT);
    f.runtime.exit(second, 2);
    // The wait completes after the exit is saved: the temp dir is not deleted under a record being written.
    assertThat(exited.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(2);
    assertThat(ids(new ListOptions(false, -1, false, Filters.none()))).isEmpty();
    assertThat(ids(new ListOptions(true, -1, false, new Filters(Map.of("exited", Set.of("2")))))).containsExactly(second);
    assertThatThrownBy(() -> ids(new ListOptions(true, -1, false, new Filters(Map.of("bogus", Set.of("1"))))))
        .isInstanceOf(InvalidArgument.class).hasMessage("invalid filter 'bogus'");
    assertThatThrownBy(() -> ids(new ListOptions(true, -1, false, new Filters(Map.of("status", Set.of("up")))))).isInstanceOf(InvalidArgument.class);
  }

  private List<String> ids(ListOptions o) {
    var out = new ArrayList<String>();
    for (var m : f.service.list(o)) out.add((String) m.get("Id"));
    return out;
  }
}
