package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.error.InvalidArgument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeccompTest {
  @SuppressWarnings("unchecked")
  private static List<String> allowedUnconditionally(Map<String, Object> profile) {
    var out = new ArrayList<String>();
    for (var rule : (List<Map<String, Object>>) profile.get("syscalls")) {
      if (rule.get("action").equals("SCMP_ACT_ALLOW") && !rule.containsKey("args")) {
        out.addAll((List<String>) rule.get("names"));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rulesFor(Map<String, Object> profile, String name) {
    return ((List<Map<String, Object>>) profile.get("syscalls")).stream()
        .filter(r -> ((List<String>) r.get("names")).contains(name)).toList();
  }

  @Test
  void defaultIsAnEpermAllowlistWithoutDangerousCalls() {
    var p = SeccompDefault.render(Capabilities.DEFAULTS);
    assertThat(p).containsEntry("defaultAction", "SCMP_ACT_ERRNO").containsEntry("defaultErrnoRet", 1);
    assertThat(p.get("architectures")).isEqualTo(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"));
    var allowed = allowedUnconditionally(p);
    assertThat(allowed).contains("read", "write", "execve", "openat", "chroot", "ptrace", "arch_prctl", "statx")
        .doesNotContain("keyctl", "add_key", "request_key", "userfaultfd", "kexec_load", "io_uring_setup",
            "pivot_root", "swapon", "unshare", "mount", "setns", "clone", "clone3", "socket", "personality",
            "reboot", "bpf", "open_by_handle_at")
        .doesNotHaveDuplicates();
    assertThat(rulesFor(p, "clone3")).singleElement()
        .isEqualTo(Map.of("names", List.of("clone3"), "action", "SCMP_ACT_ERRNO", "errnoRet", 38));
    assertThat(rulesFor(p, "clone")).singleElement().satisfies(r -> assertThat(r.get("args"))
        .isEqualTo(List.of(Map.of("index", 0, "value", 0x7E020000L, "valueTwo", 0L, "op", "SCMP_CMP_MASKED_EQ"))));
    assertThat(rulesFor(p, "socket")).hasSize(3);
    assertThat(rulesFor(p, "personality")).hasSize(5);
  }

  @Test
  void capabilitiesWidenTheAllowlist() {
    var caps = new ArrayList<>(Capabilities.DEFAULTS);
    caps.addAll(List.of("CAP_SYS_ADMIN", "CAP_SYS_TIME"));
    var p = SeccompDefault.render(caps);
    assertThat(allowedUnconditionally(p)).contains("unshare", "mount", "setns", "clone", "clone3", "settimeofday")
        .doesNotContain("keyctl", "reboot").doesNotHaveDuplicates();
    assertThat(rulesFor(p, "clone3")).singleElement().satisfies(r -> assertThat(r.get("action")).isEqualTo("SCMP_ACT_ALLOW"));
    var noChroot = SeccompDefault.render(List.of("CAP_KILL"));
    assertThat(allowedUnconditionally(noChroot)).doesNotContain("chroot");
  }

  @Test
  void selectionFollowsSecurityOptAndPrivileged() {
    assertThat(Seccomp.select(SpecInputs.hostConfig("{}"), Capabilities.DEFAULTS)).isPresent();
    assertThat(Seccomp.select(SpecInputs.hostConfig("{\"SecurityOpt\":[\"seccomp=unconfined\"]}"),
        Capabilities.DEFAULTS)).isEmpty();
    assertThat(Seccomp.select(SpecInputs.hostConfig("{\"Privileged\":true}"), Capabilities.DEFAULTS)).isEmpty();
  }

  @Test
  void customDockerProfileIsRenderedForTheContainer() {
    var json = """
        {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":1,
         "archMap":[{"architecture":"SCMP_ARCH_X86_64","subArchitectures":["SCMP_ARCH_X86"]},
                    {"architecture":"SCMP_ARCH_AARCH64","subArchitectures":["SCMP_ARCH_ARM"]}],
         "syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"},
                     {"names":["mount"],"action":"SCMP_ACT_ALLOW","includes":{"caps":["CAP_SYS_ADMIN"]}},
                     {"names":["chroot"],"action":"SCMP_ACT_ALLOW","excludes":{"caps":["CAP_KILL"]}},
                     {"names":["arm_fadvise64_64"],"action":"SCMP_ACT_ALLOW","includes":{"arches":["arm"]}},
                     {"names":["personality"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]}]}
        """;
    var p = Seccomp.select(SpecInputs.hostConfig("{\"SecurityOpt\":[" + quote("seccomp=" + json) + "]}"),
        Capabilities.DEFAULTS).orElseThrow();
    assertThat(p.get("architectures")).isEqualTo(List.of("SCMP_ARCH_X86_64", "SCMP_ARCH_X86"));
    assertThat(allowedUnconditionally(p)).containsExactly("read", "write");
    assertThat(rulesFor(p, "personality")).hasSize(1);
    assertThatThrownBy(() -> Seccomp.select(SpecInputs.hostConfig("{\"SecurityOpt\":[\"seccomp={bad\"]}"), List.of()))
        .isInstanceOf(InvalidArgument.class).hasMessageStartingWith("Decoding seccomp profile failed: ");
  }

  private static String quote(String s) {
    try {
      return dev.berth.model.Json.mapper().writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
