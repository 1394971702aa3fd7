package dev.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private final Route list = (q, s) -> {};
  private final Route inspect = (q, s) -> {};
  private final Route remove = (q, s) -> {};
  private final Route tag = (q, s) -> {};
  private final Route containerJson = (q, s) -> {};
  private final Route containersList = (q, s) -> {};

  private RouteTable table() {
    var t = new RouteTable();
    t.get("/images/json", list);
    t.get("/images/{name*}/json", inspect);
    t.delete("/images/{name*}", remove);
    t.post("/images/{name*}/tag", tag);
    t.get("/containers/{id}/json", containerJson);
    t.get("/containers/json", containersList);
    return t;
  }

  @Test
  void literalRoutesWinOverPlaceholders() {
    assertThat(table().match("GET", "/images/json").orElseThrow().route()).isSameAs(list);
    assertThat(table().match("GET", "/containers/json").orElseThrow().route()).isSameAs(containersList);
    var m = table().match("GET", "/containers/abc/json").orElseThrow();
    assertThat(m.route()).isSameAs(containerJson);
    assertThat(m.params()).isEqualTo(Map.of("id", "abc"));
  }

  @Test
  void greedyPlaceholderTakesSlashesUpToTheFixedSuffix() {
    var m = table().match("GET", "/images/localhost:5000/a/b:tag/json").orElseThrow();
    assertThat(m.route()).isSameAs(inspect);
    assertThat(m.params()).containsEntry("name", "localhost:5000/a/b:tag");
    assertThat(table().match("DELETE", "/images/a/b:c").orElseThrow().params()).containsEntry("name", "a/b:c");
    assertThat(table().match("POST", "/images/a/b/tag/tag").orElseThrow().params()).containsEntry("name", "a/b/tag");
    assertThat(table().match("DELETE", "/images/a/b/tag").orElseThrow().params()).containsEntry("name", "a/b/tag");
    assertThat(table().match("GET", "/images/sha256:abc/json").orElseThrow().params()).containsEntry("name", "sha256:abc");
  }

  @Test
  void segmentsArePercentDecodedOneByOne() {
    var m = table().match("GET", "/containers/a%2Fb/json").orElseThrow();
    assertThat(m.params()).containsEntry("id", "a/b");
    assertThat(table().match("GET", "/containers/a%2Fb/c/json")).isEmpty();
  }

  @Test
  void noMatchForOtherMethodsOrShapes() {
    assertThat(table().match("POST", "/images/json")).isEmpty();
    assertThat(table().match("GET", "/images")).isEmpty();
    assertThat(table().match("GET", "/containers/a/b/json")).isEmpty();
    assertThat(table().match("GET", "/images/json/extra")).isEmpty();
  }

  @Test
  void aDuplicateRegistrationKeepsTheFirstRoute() {
    var t = table();
    Route other = (q, s) -> {};
    t.get("/images/json", other);
    assertThat(t.match("GET", "/images/json").orElseThrow().route()).isSameAs(list);
  }
}
