package dev.berth.it.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.it.BerthDaemon;
import dev.berth.it.BerthTest;
import dev.berth.it.Docker;
import dev.berth.it.RawHttp;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker system df (-v) and GET /system/df with its type parameter, in dockerd's shape. */
@BerthTest
class DiskUsageIT {
  @BeforeAll
  static void image(BerthDaemon daemon) {
    daemon.ensureBusybox();
  }

  @Test
  void reportsImagesContainersAndVolumesWithSizesAndCounts(Docker docker, RawHttp http) {
    docker.ok("volume", "create", "it-dfvol");
    try {
      docker.ok("run", "--name", "it-df", "-v", "it-dfvol:/data", "busybox", "sh", "-c",
          "head -c 2000 /dev/zero > /data/f && head -c 3000 /dev/zero > /rw");
      var df = http.get("/v1.44/system/df");
      assertThat(df.status()).isEqualTo(200);
      var body = df.json();
      assertThat(body.path("LayersSize").asLong()).isPositive();
      var busybox = find(body.path("Images"), i -> i.path("RepoTags").toString().contains("busybox:latest"));
      assertThat(busybox.path("Containers").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(busybox.path("Size").asLong()).isPositive();
      assertThat(busybox.has("SharedSize")).isTrue();
      assertThat(busybox.path("SharedSize").asLong()).isNotNegative();
      var container = find(body.path("Containers"), c -> c.path("Names").toString().contains("/it-df"));
      assertThat(container.path("SizeRw").asLong()).isGreaterThanOrEqualTo(3000);
      assertThat(container.path("SizeRootFs").asLong()).isGreaterThan(container.path("SizeRw").asLong());
      var volume = find(body.path("Volumes"), v -> v.path("Name").asText().equals("it-dfvol"));
      assertThat(volume.path("UsageData").path("Size").asLong()).isEqualTo(2000);
      assertThat(volume.path("UsageData").path("RefCount").asInt()).isEqualTo(1);
      assertThat(body.path("BuildCache").isArray()).isTrue();
      assertThat(body.path("BuildCache")).isEmpty();

      var summary = docker.ok("system", "df").stdout();
      assertThat(summary).contains("Images", "Containers", "Local Volumes", "Build Cache");
      var verbose = docker.ok("system", "df", "-v").stdout();
      assertThat(verbose).contains("it-dfvol", "it-df", "busybox");
    } finally {
      docker.run("rm", "-f", "it-df");
      docker.run("volume", "rm", "-f", "it-dfvol");
    }
  }

  @Test
  void theTypeParameterPicksKindsFromApi142(RawHttp http) {
    var onlyVolumes = http.get("/v1.44/system/df?type=volume").json();
    assertThat(onlyVolumes.path("Volumes").isArray()).isTrue();
    assertThat(onlyVolumes.path("Images").isNull()).isTrue();
    assertThat(onlyVolumes.path("Containers").isNull()).isTrue();
    assertThat(onlyVolumes.path("BuildCache").isNull()).isTrue();
    assertThat(onlyVolumes.path("LayersSize").asLong()).isZero();
    var bad = http.get("/v1.44/system/df?type=bogus");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).isEqualTo("unknown object type: bogus");
    // Before 1.42 the parameter is ignored: everything is reported.
    var old = http.get("/v1.41/system/df?type=volume").json();
    assertThat(old.path("Images").isArray()).isTrue();
  }

  private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> match) {
    return StreamSupport.stream(array.spliterator(), false).filter(match).findFirst()
        .orElseThrow(() -> new AssertionError("not found in " + array));
  }
}
