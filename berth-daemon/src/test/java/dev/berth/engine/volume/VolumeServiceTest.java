package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.Conflict;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotFound;
import dev.berth.model.Filters;
import dev.berth.model.Volume;
import dev.berth.model.VolumeCreateRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeServiceTest {
  @TempDir Path dataRoot;
  VolumeService volumes;
  List<String> events = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    volumes = VolumeService.open(dataRoot, null, (action, name, attrs) -> events.add(action + " " + name));
  }

  private static Filters filter(String key, String... values) {
    return new Filters(Map.of(key, Set.of(values)));
  }

  @SuppressWarnings("unchecked")
  private List<String> names(Filters filters) {
    return ((List<Volume>) volumes.list(filters).get("Volumes")).stream().map(Volume::name).sorted().toList();
  }

  @Test
  void createShowsDockerdShapeWithMountpointUnderTheDataRoot() {
    var v = volumes.create(new VolumeCreateRequest("data1", null, Map.of(), Map.of()));
    assertThat(v.name()).isEqualTo("data1");
    assertThat(v.driver()).isEqualTo("local");
    assertThat(v.scope()).isEqualTo("local");
    assertThat(v.labels()).isNull();
    assertThat(v.options()).isNull();
    assertThat(v.mountpoint()).isEqualTo(dataRoot.resolve("volumes/data1/_data").toString());
    assertThat(v.createdAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)");
    assertThat(Files.isDirectory(dataRoot.resolve("volumes/data1/_data"))).isTrue();
    assertThat(events).containsExactly("create data1");
  }

  @Test
  void createIsIdempotentAndAnonymousGetsAHexNameAndLabel() {
    volumes.create(new VolumeCreateRequest("same", null, null, null));
    volumes.create(new VolumeCreateRequest("same", "local", null, null));
    var anon = volumes.create(VolumeCreateRequest.empty());
    assertThat(anon.name()).matches("[0-9a-f]{64}");
    assertThat(anon.labels()).containsEntry(VolumeService.ANONYMOUS_LABEL, "");
    assertThat(events).hasSize(2);
  }

  @Test
  void badNamesAndOptionsGiveDockerdTexts() {
    assertThatThrownBy(() -> volumes.create(new VolumeCreateRequest("a", null, null, null)))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("create a: volume name is too short, names should be at least two alphanumeric characters");
    assertThatThrownBy(() -> volumes.create(new VolumeCreateRequest("a/b", null, null, null)))
        .isInstanceOf(InvalidArgument.class)
        .hasMessage("create a/b: \"a/b\" includes invalid characters for a local volume name, only "
            + "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path");
    assertThatThrownBy(() -> volumes.create(new VolumeCreateRequest("zz", null, Map.of("foo", "bar"), null)))
        .hasMessage("create zz: invalid option: \"foo\"");
    assertThatThrownBy(() -> volumes.create(new VolumeCreateRequest("ww", null, Map.of("type", "none"), null)))
        .hasMessage("create ww: missing required option: \"device\"");
    assertThatThrownBy(() -> volumes.create(new VolumeCreateRequest("qq", null, Map.of("type", "none", "device", "/x", "size", "10m"), null)))
        .hasMessage("create qq: quota size requested but no quota support");
    assertThatThrownBy(() -> volumes.create(new VolumeCreateRequest("pp", "nosuch", null, null)))
        .isInstanceOf(NotFound.class)
        .hasMessage("create pp: error looking up volume plugin nosuch: plugin \"nosuch\" not found");
    assertThat(names(Filters.none())).isEmpty();
  }

  @Test
  void removeInUseIsAConflictEvenWithForce() {
    volumes.create("busy", null, null, null, "c1");
    volumes.reference("busy", "c0");
    assertThatThrownBy(() -> volumes.remove("busy", false)).isInstanceOf(Conflict.class)
        .hasMessage("remove busy: volume is in use - [c0, c1]");
    assertThatThrownBy(() -> volumes.remove("busy", true)).isInstanceOf(Conflict.class);
    volumes.release("busy", "c0");
    volumes.release("busy", "c1");
    volumes.remove("busy", false);
    assertThat(dataRoot.resolve("volumes/busy")).doesNotExist();
    assertThatThrownBy(() -> volumes.inspect("busy")).isInstanceOf(NotFound.class).hasMessage("get busy: no such volume");
  }

  @Test
  void removeMissingIs404UnlessForced() {
    assertThatThrownBy(() -> volumes.remove("nosuch", false)).isInstanceOf(NotFound.class)
        .hasMessage("get nosuch: no such volume");
    volumes.remove("nosuch", true);
  }

  @Test
  void listFiltersByDanglingNameLabelAndDriver() {
    volumes.create(new VolumeCreateRequest("web-data", null, null, Map.of("app", "web")));
    volumes.create(new VolumeCreateRequest("db-data", null, null, Map.of("app", "db")));
    volumes.create("used", null, null, null, "c1");
    assertThat(names(filter("dangling", "true"))).containsExactly("db-data", "web-data");
    assertThat(names(filter("dangling", "0"))).containsExactly("used");
    assertThat(names(filter("name", "data$"))).containsExactly("db-data", "web-data");
    assertThat(names(filter("label", "app=web"))).containsExactly("web-data");
    assertThat(names(filter("label", "app"))).containsExactly("db-data", "web-data");
    assertThat(names(filter("driver", "other"))).isEmpty();
    assertThatThrownBy(() -> names(filter("dangling", "maybe"))).hasMessage("invalid filter 'dangling=maybe'");
    assertThatThrownBy(() -> names(filter("bogus", "1"))).hasMessage("invalid filter 'bogus'");
  }

  @Test
  @SuppressWarnings("unchecked")
  void pruneRemovesOnlyUnusedAnonymousUnlessAll() throws Exception {
    var anon = volumes.create(VolumeCreateRequest.empty()).name();
    var usedAnon = volumes.create(null, null, null, null, "c1").name();
    volumes.create(new VolumeCreateRequest("named", null, null, null));
    volumes.create(new VolumeCreateRequest("keep", null, null, Map.of("keep", "1")));
    volumes.create(new VolumeCreateRequest("withopts", null, Map.of("type", "tmpfs", "device", "tmpfs"), null));
    Files.writeString(dataRoot.resolve("volumes/" + anon + "/_data/f"), "12345");

    var report = volumes.prune(Filters.none(), false);
    assertThat((List<String>) report.get("VolumesDeleted")).containsExactly(anon);
    assertThat(report.get("SpaceReclaimed")).isEqualTo(5L);

    report = volumes.prune(new Filters(Map.of("all", Set.of("true"), "label!", Set.of("keep"))), false);
    assertThat((List<String>) report.get("VolumesDeleted")).containsExactly("named");
    assertThat(names(Filters.none())).containsExactlyInAnyOrder(usedAnon, "keep", "withopts");

    report = volumes.prune(Filters.none(), true);
    assertThat((List<String>) report.get("VolumesDeleted")).containsExactly("keep");
    assertThatThrownBy(() -> volumes.prune(filter("all", "maybe"), false)).isInstanceOf(InvalidArgument.class);
  }

  @Test
  void volumesSurviveARestartWithTheirMetadata() throws Exception {
    volumes.create(new VolumeCreateRequest("persist", null, null, Map.of("a", "b")));
    var before = volumes.inspect("persist");
    var reopened = VolumeService.open(dataRoot, null, VolumeEvents.NONE);
    assertThat(reopened.inspect("persist")).isEqualTo(before);
  }

  @Test
  void aDataDirWithoutMetadataIsAdoptedAsALocalVolume() throws Exception {
    Files.createDirectories(dataRoot.resolve("volumes/fromdockerd/_data"));
    var reopened = VolumeService.open(dataRoot, null, VolumeEvents.NONE);
    assertThat(reopened.inspect("fromdockerd").driver()).isEqualTo("local");
  }
}
