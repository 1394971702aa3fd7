package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkTest {
  @Test
  void parsesTheCliAndTheStoredForms() {
    assertThat(Link.parse(List.of("web:w", "db", "/cache:/me/c")))
        .containsExactly(new Link("web", "w"), new Link("db", "db"), new Link("cache", "c"));
  }

  @Test
  void hostsLineNamesAliasHostnameAndNameWhenDifferent() {
    assertThat(new Link("web", "w").hostsLine("10.0.0.2", "abc123")).isEqualTo("10.0.0.2\tw abc123 web");
    assertThat(new Link("web", "web").hostsLine("10.0.0.2", "abc123")).isEqualTo("10.0.0.2\tweb abc123");
  }

  @Test
  void envHasPortsInOrderNameAndTheLinkedContainersEnvironment() {
    var env = new Link("web", "my-db").env("/me", "10.0.0.2", Map.of("8080/tcp", Map.of(), "53/udp", Map.of()),
        List.of("PATH=/bin", "HOME=/root", "PASSWORD=x=y"));
    assertThat(env).containsExactly(
        "MY_DB_PORT=udp://10.0.0.2:53",
        "MY_DB_PORT_53_UDP=udp://10.0.0.2:53", "MY_DB_PORT_53_UDP_ADDR=10.0.0.2", "MY_DB_PORT_53_UDP_PORT=53",
        "MY_DB_PORT_53_UDP_PROTO=udp",
        "MY_DB_PORT_8080_TCP=tcp://10.0.0.2:8080", "MY_DB_PORT_8080_TCP_ADDR=10.0.0.2", "MY_DB_PORT_8080_TCP_PORT=8080",
        "MY_DB_PORT_8080_TCP_PROTO=tcp",
        "MY_DB_NAME=/me/my-db", "MY_DB_ENV_PASSWORD=x=y");
  }
}
