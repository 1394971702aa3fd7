package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MountParserTest {
  final MountParser parser = new MountParser(Path.of("/var/lib/berth-test-root"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      /foo:rw                 | invalid volume specification: '/foo:rw'
      :/foo                   | invalid volume specification: ':/foo'
      C:\\foo:/x               | invalid mode: /x
      /a:/b:rw,ro             | invalid mode: rw,ro
      /a:/b:bogus             | invalid mode: bogus
      /a:/b:z,Z               | invalid mode: z,Z
      /a:/b:shared,rslave     | invalid mode: shared,rslave
      /a:/b:c:d               | invalid volume specification: '/a:/b:c:d'
      /a:relative             | invalid volume specification: '/a:relative': invalid mount config for type "bind": invalid mount path: 'relative' mount path must be absolute
      /a:/                    | invalid volume specification: '/a:/': invalid mount config for type "bind": invalid specification: destination can't be '/'
      name:/x:rshared         | invalid volume specification: 'name:/x:rshared': invalid mount config for type "volume": field BindOptions must not be specified
      /host:/x:nocopy         | invalid volume specification: '/host:/x:nocopy': invalid mount config for type "bind": field VolumeOptions must not be specified
      /                       | invalid volume specification: '/': invalid mount config for type "volume": invalid specification: destination can't be '/'
      relative                | invalid volume specification: 'relative': invalid mount config for type "volume": invalid mount path: 'relative' mount path must be absolute
      """)
  void badBindsGiveDockerdTexts(String raw, String message) {
    assertThatThrownBy(() -> parser.parseBind(raw, null)).isInstanceOf(InvalidArgument.class).hasMessage(message);
  }

  @Test
  void hostBindKeepsModeAndDefaultsToRprivate() {
    var m = parser.parseBind("/srv/data/:/data/./:ro,z", null);
    assertThat(m.type()).isEqualTo("bind");
    assertThat(m.source()).isEqualTo("/srv/data");
    assertThat(m.destination()).isEqualTo("/data");
    assertThat(m.mode()).isEqualTo("ro,z");
    assertThat(m.rw()).isFalse();
    assertThat(m.propagation()).isEqualTo("rprivate");
    assertThat(m.createSource()).isTrue();
  }

  @Test
  void propagationAndConsistencyWordsAreAccepted() {
    var m = parser.parseBind("/srv:/srv:rshared,cached,rw", null);
    assertThat(m.propagation()).isEqualTo("rshared");
    assertThat(m.rw()).isTrue();
  }

  @Test
  void bindOverTheDataRootGetsSlavePropagationOrIsRefused() {
    assertThat(parser.parseBind("/var/lib:/x", null).propagation()).isEqualTo("rslave");
    assertThat(parser.parseBind("/var/lib/berth-test-root/volumes:/x:rshared", null).propagation()).isEqualTo("rshared");
    assertThatThrownBy(() -> parser.parseBind("/var:/x:rprivate", null))
        .hasMessageContaining("must use either propagation mode \"rslave\" or \"rshared\" when mount source is within the daemon root");
  }

  @Test
  void namedAndAnonymousVolumes() {
    var named = parser.parseBind("cache:/root/.cache:ro,nocopy", "myplugin");
    assertThat(named.type()).isEqualTo("volume");
    assertThat(named.name()).isEqualTo("cache");
    assertThat(named.driver()).isEqualTo("myplugin");
    assertThat(named.copyData()).isFalse();
    assertThat(named.rw()).isFalse();
    assertThat(named.propagation()).isEmpty();
    var anon = parser.parseBind("/scratch", null);
    assertThat(anon.type()).isEqualTo("volume");
    assertThat(anon.anonymous()).isTrue();
    assertThat(anon.copyData()).isTrue();
  }

  private static HostConfig.Mount mount(String type, String src, String dst, Map<String, Object> bind,
      Map<String, Object> vol, Map<String, Object> tmpfs) {
    return new HostConfig.Mount(dst, src, type, false, null, bind, vol, tmpfs);
  }

  @Test
  void mountFlagChecksTheBindSourceUnlessCreateMountpoint(@TempDir Path dir) {
    assertThatThrownBy(() -> parser.parseMount(MountSpecInput.of(mount("bind", "/nope", "/x", null, null, null))))
        .hasMessage("invalid mount config for type \"bind\": bind source path does not exist: /nope");
    var created = parser.parseMount(MountSpecInput.of(mount("bind", "/nope", "/x", Map.of("CreateMountpoint", true), null, null)));
    assertThat(created.createSource()).isTrue();
    var ok = parser.parseMount(MountSpecInput.of(mount("bind", dir.toString(), "/x", Map.of("Propagation", "rslave"), null, null)));
    assertThat(ok.createSource()).isFalse();
    assertThat(ok.propagation()).isEqualTo("rslave");
    assertThat(ok.mode()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      tmpfs with source     | invalid mount config for type "tmpfs": field Source must not be specified
      bind without source   | invalid mount config for type "bind": field Source must not be empty
      bind without target   | invalid mount config for type "bind": field Target must not be empty
      bad propagation       | invalid mount config for type "bind": invalid propagation mode: sideways
      volume with bind opts | invalid mount config for type "volume": field BindOptions must not be specified
      unknown type          | invalid mount config for type "npipe": mount type unknown
      bad tmpfs option      | invalid mount config for type "tmpfs": invalid option: suid
      """)
  void badMountsGiveDockerdTexts(String which, String message) {
    var m = switch (which) {
      case "tmpfs with source" -> mount("tmpfs", "/x", "/t", null, null, null);
      case "bind without source" -> mount("bind", "", "/t", null, null, null);
      case "bind without target" -> mount("bind", "/tmp", "", null, null, null);
      case "bad propagation" -> mount("bind", "/tmp", "/t", Map.of("Propagation", "sideways"), null, null);
      case "volume with bind opts" -> mount("volume", "v1", "/t", Map.of(), null, null);
      case "unknown type" -> mount("npipe", "x", "/t", null, null, null);
      default -> mount("tmpfs", "", "/t", null, null, Map.of("Options", List.of(List.of("suid"))));
    };
    assertThatThrownBy(() -> parser.parseMount(MountSpecInput.of(m))).isInstanceOf(InvalidArgument.class).hasMessage(message);
  }

  @Test
  void tmpfsOptionsBecomeMountData() {
    var m = parser.parseMount(MountSpecInput.of(new HostConfig.Mount("/t", "", "tmpfs", true, null, null, null,
        Map.of("SizeBytes", 1048576, "Mode", 01770, "Options", List.of(List.of("exec"))))));
    assertThat(m.tmpfsData()).isEqualTo("ro,mode=1770,size=1m,exec");
    assertThat(TmpfsOptions.forSpec(m.tmpfsData())).containsExactly("nosuid", "nodev", "rprivate", "ro", "mode=1770", "size=1m", "exec");
    assertThat(TmpfsOptions.forSpec("size=64m,size=1g")).containsExactly("noexec", "nosuid", "nodev", "rprivate", "size=1g");
  }

  @Test
  void volumeMountOptions() {
    var m = parser.parseMount(MountSpecInput.of(mount("volume", "", "/v", null,
        Map.of("NoCopy", true, "DriverConfig", Map.of("Name", "local", "Options", Map.of("type", "tmpfs")),
            "Labels", Map.of("a", "b")), null)));
    assertThat(m.anonymous()).isTrue();
    assertThat(m.copyData()).isFalse();
    assertThat(m.driver()).isEqualTo("local");
    assertThat(m.volumeOptions()).containsEntry("type", "tmpfs");
    assertThat(m.volumeLabels()).containsEntry("a", "b");
  }

  @Test
  void volumesFrom() {
    assertThat(parser.parseVolumesFrom("web")).isEqualTo(new MountParser.VolumesFrom("web", true));
    assertThat(parser.parseVolumesFrom("web:ro")).isEqualTo(new MountParser.VolumesFrom("web", false));
    assertThatThrownBy(() -> parser.parseVolumesFrom("web:rshared")).hasMessage("invalid mode: rshared");
    assertThatThrownBy(() -> parser.parseVolumesFrom("web:nocopy")).hasMessage("invalid mode: nocopy");
    assertThatThrownBy(() -> parser.parseVolumesFrom("")).hasMessage("volumes-from specification cannot be an empty string");
  }

  @Test
  void goPathClean() {
    assertThat(GoPath.clean("/a/b/../c/./d/")).isEqualTo("/a/c/d");
    assertThat(GoPath.clean("/../..")).isEqualTo("/");
    assertThat(GoPath.clean("a/../../b")).isEqualTo("../b");
    assertThat(GoPath.clean("")).isEqualTo(".");
  }
}
