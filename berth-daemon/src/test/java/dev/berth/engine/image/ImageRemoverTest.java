package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.content.ContentStore;
import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.NotFound;
import dev.berth.model.Filters;
import dev.berth.snapshot.LayerStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rmi and prune follow moby's daemon/images/image_delete.go rules and texts. */
class ImageRemoverTest {
  private static final String CONTAINER = "3f2a0000000000000000000000000000000000000000000000000000000000aa";

  @TempDir Path root;
  ImageService images;
  LayerStore layers;
  final Map<String, List<ImageUsers.User>> users = new HashMap<>();
  String id;
  String shortId;

  @BeforeEach
  void setUp() throws Exception {
    layers = new LayerStore(root.resolve("overlay"));
    images = new ImageService(root, new ContentStore(root.resolve("content")), layers, Clock.systemUTC());
    images.setUsers(imageId -> users.getOrDefault(imageId, List.of()));
    images.load(new ByteArrayInputStream(ImageServiceTest.fixture("busybox:latest")), line -> {});
    id = images.resolve("busybox").id();
    shortId = id.substring(7, 19);
  }

  private void usedBy(boolean running) {
    users.put(id, List.of(new ImageUsers.User(CONTAINER, running)));
  }

  @Test
  void untaggingTheOnlyReferenceOfAnImageInUseNeedsForce() {
    usedBy(false);
    assertThatThrownBy(() -> images.delete("busybox", false, false)).isInstanceOf(Conflict.class)
        .hasMessage("conflict: unable to remove repository reference \"busybox\" (must force) - container 3f2a00000000 is using its referenced image " + shortId);
  }

  @Test
  void deletingByIdIsRefusedForStoppedUsersUnlessForcedAndForRunningOnesAlways() {
    usedBy(false);
    assertThatThrownBy(() -> images.delete(shortId, false, false)).isInstanceOf(Conflict.class)
        .hasMessage("conflict: unable to delete " + shortId + " (must be forced) - image is being used by stopped container 3f2a00000000");
    usedBy(true);
    assertThatThrownBy(() -> images.delete(shortId, true, false)).isInstanceOf(Conflict.class)
        .hasMessage("conflict: unable to delete " + shortId + " (cannot be forced) - image is being used by running container 3f2a00000000");
    assertThat(images.resolve("busybox").id()).isEqualTo(id);
  }

  @Test
  void anIdWithTagsInSeveralRepositoriesMustBeForced() {
    images.tag("busybox", "other", "1");
    assertThatThrownBy(() -> images.delete(shortId, false, false)).isInstanceOf(Conflict.class)
        .hasMessage("conflict: unable to delete " + shortId + " (must be forced) - image is referenced in multiple repositories");
    var out = images.delete(shortId, true, false);
    assertThat(out).extracting(ImageViews.Deleted::untagged).contains("busybox:latest", "other:1");
    assertThat(out).extracting(ImageViews.Deleted::deleted).contains(id);
  }

  @Test
  void untaggingOneOfTwoTagsKeepsTheImage() {
    images.tag("busybox", "busybox", "two");
    usedBy(false);
    assertThat(images.delete("busybox:two", false, false)).containsExactly(ImageViews.Deleted.untagged("busybox:two"));
    assertThat(images.resolve(id).repoTags()).containsExactly("busybox:latest");
  }

  @Test
  void removingTheLastTagDeletesTheImageAndItsLayers() {
    var key = images.resolve("busybox").layers().getFirst();
    var out = images.delete("busybox", false, false);
    assertThat(out).containsExactly(ImageViews.Deleted.untagged("busybox:latest"), ImageViews.Deleted.deleted(id),
        ImageViews.Deleted.deleted("sha256:" + key));
    assertThat(Files.exists(layers.diffDir(key))).isFalse();
    assertThatThrownBy(() -> images.resolve(id)).isInstanceOf(NotFound.class);
  }

  @Test
  void forcedRemovalWithAStoppedUserKeepsTheLayersUntilTheContainerIsGone() throws Exception {
    var layer = Archives.layer("shared", "data");
    var other = Archives.config(List.of(dev.berth.content.Digest.of(layer)), "2021-01-01T00:00:00Z", "null");
    var a = Archives.config(List.of(dev.berth.content.Digest.of(layer)), "2020-01-01T00:00:00Z", "null");
    var archive = new Archives().file("l/layer.tar", layer).file("a.json", a).file("b.json", other)
        .file("manifest.json", "[{\"Config\":\"a.json\",\"RepoTags\":[\"a:1\"],\"Layers\":[\"l/layer.tar\"]},"
            + "{\"Config\":\"b.json\",\"RepoTags\":[\"b:1\"],\"Layers\":[\"l/layer.tar\"]}]").build();
    images.load(new ByteArrayInputStream(archive), line -> {});
    var aId = images.resolve("a:1").id();
    var key = images.resolve("a:1").layers().getFirst();
    users.put(aId, List.of(new ImageUsers.User(CONTAINER, false)));
    images.delete("a:1", true, false);
    images.delete("b:1", false, false);
    assertThat(layers.diffDir(key)).as("pinned by the stopped container").isDirectory();
    users.clear();
    images.delete("busybox", false, false);
    assertThat(layers.diffDir(key)).as("released once no container uses it").doesNotExist();
  }

  @Test
  void pruneRemovesDanglingImagesOnlyUnlessAskedForAll() throws Exception {
    var report = images.prune(Filters.none());
    assertThat(report.imagesDeleted()).isNull();
    assertThat(images.prune(new Filters(Map.of("dangling", Set.of("false")))).imagesDeleted())
        .extracting(ImageViews.Deleted::deleted).contains(id);
    assertThat(images.imageCount()).isZero();
    images.load(new ByteArrayInputStream(ImageServiceTest.fixture("busybox:latest")), line -> {});
    usedBy(false);
    assertThat(images.prune(new Filters(Map.of("dangling", Set.of("false")))).imagesDeleted()).isNull();
    assertThat(images.imageCount()).isEqualTo(1);
  }
}
