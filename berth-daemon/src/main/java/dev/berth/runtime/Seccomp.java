package dev.berth.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.HostConfig;
import dev.berth.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses a container's seccomp filter as dockerd does (moby daemon/seccomp_linux.go):
 * {@code seccomp=unconfined} → none; {@code seccomp=<profile JSON>} (the CLI inlines the file) →
 * that profile; privileged → none; otherwise {@link SeccompDefault}. Docker-format profiles are
 * rendered for this container: rules whose {@code includes}/{@code excludes} caps or arches do not
 * match are dropped and {@code archMap} becomes the x86_64 architecture list.
 */
final class Seccomp {
  private static final String HOST_ARCH = "amd64";
  private static final Set<String> HOST_ARCH_NAMES = Set.of("amd64", "x86_64", "SCMP_ARCH_X86_64");

  private Seccomp() {}

  static Optional<Map<String, Object>> select(HostConfig hc, List<String> caps) {
    String named = null;
    if (hc != null && hc.securityOpt() != null) {
      for (var opt : hc.securityOpt()) {
        if (opt.startsWith("seccomp=") || opt.startsWith("seccomp:")) named = opt.substring("seccomp=".length());
      }
    }
    if (named != null) {
      if (named.equals("unconfined")) return Optional.empty();
      return Optional.of(fromDocker(named, caps));
    }
    if (hc != null && hc.privileged()) return Optional.empty();
    return Optional.of(SeccompDefault.render(caps));
  }

  static Map<String, Object> fromDocker(String json, List<String> caps) {
    JsonNode p;
    try {
      p = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new InvalidArgument("Decoding seccomp profile failed: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (p == null || !p.isObject()) throw new InvalidArgument("Decoding seccomp profile failed: not a JSON object");
    var held = Set.copyOf(caps);
    var out = new LinkedHashMap<String, Object>();
    out.put("defaultAction", p.path("defaultAction").asText("SCMP_ACT_ERRNO"));
    if (p.has("defaultErrnoRet")) out.put("defaultErrnoRet", p.get("defaultErrnoRet").asInt());
    out.put("architectures", architectures(p));
    var syscalls = new ArrayList<Map<String, Object>>();
    for (var rule : p.path("syscalls")) {
      if (!applies(rule.path("includes"), rule.path("excludes"), held)) continue;
      var names = new ArrayList<String>();
      for (var n : rule.path("names")) names.add(n.asText());
      if (rule.hasNonNull("name")) names.add(rule.get("name").asText());
      if (names.isEmpty()) continue;
      var args = new ArrayList<Map<String, Object>>();
      for (var a : rule.path("args")) {
        args.add(SeccompDefault.arg(a.path("index").asInt(), a.path("value").asLong(), a.path("valueTwo").asLong(),
            a.path("op").asText()));
      }
      Integer errnoRet = rule.has("errnoRet") ? rule.get("errnoRet").asInt() : null;
      syscalls.add(SeccompDefault.rule(names, rule.path("action").asText(), errnoRet, args));
    }
    out.put("syscalls", syscalls);
    return out;
  }

  private static List<String> architectures(JsonNode p) {
    var out = new ArrayList<String>();
    for (var entry : p.path("archMap")) {
      if (!HOST_ARCH_NAMES.contains(entry.path("architecture").asText())) continue;
      out.add(entry.path("architecture").asText());
      for (var sub : entry.path("subArchitectures")) out.add(sub.asText());
    }
    if (out.isEmpty()) for (var a : p.path("architectures")) out.add(a.asText());
    return out;
  }

  private static boolean applies(JsonNode includes, JsonNode excludes, Set<String> held) {
    for (var c : includes.path("caps")) if (!held.contains(c.asText())) return false;
    if (includes.path("arches").size() > 0 && !contains(includes.path("arches"), HOST_ARCH)) return false;
    for (var c : excludes.path("caps")) if (held.contains(c.asText())) return false;
    return !contains(excludes.path("arches"), HOST_ARCH);
  }

  private static boolean contains(JsonNode array, String value) {
    for (var v : array) if (v.asText().equals(value)) return true;
    return false;
  }
}
