package dev.berth.api.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersParserTest {
  @Test
  void mapAndListFormsDecodeAlike() {
    var map = FiltersParser.parse("{\"label\":{\"a=b\":true,\"c\":true},\"status\":{\"running\":true}}");
    var list = FiltersParser.parse("{\"label\":[\"a=b\",\"c\"],\"status\":[\"running\"]}");
    assertThat(map).isEqualTo(list);
    assertThat(map.get("label")).isEqualTo(Set.of("a=b", "c"));
  }

  @Test
  void emptyAndNullMeanNoFilters() {
    assertThat(FiltersParser.parse("").values()).isEmpty();
    assertThat(FiltersParser.parse(null).values()).isEmpty();
    assertThat(FiltersParser.parse("null").values()).isEmpty();
    assertThat(FiltersParser.parse("{}").values()).isEmpty();
  }

  @Test
  void falseEntriesOfTheMapFormDoNotCount() {
    assertThat(FiltersParser.parse("{\"dangling\":{\"true\":false}}").get("dangling")).isEmpty();
  }

  @Test
  void badJsonIsInvalidArgument() {
    for (var bad : new String[] {"{bad", "[\"a\"]", "{\"label\":\"a\"}", "{\"label\":{\"a\":\"yes\"}}", "{\"label\":[1]}"}) {
      assertThatThrownBy(() -> FiltersParser.parse(bad)).as(bad).isInstanceOf(InvalidArgument.class).hasMessage("invalid filter");
    }
  }
}
