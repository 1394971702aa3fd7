package dev.berth.engine.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The OCI runtime's version as {@code <runtime> --version} prints it (runc: "runc version 1.1.5",
 * "commit: …"); empty strings when the binary is missing or silent. Asked once per daemon.
 */
record RuntimeVersion(String name, String version, String commit) {
  static RuntimeVersion probe(String name, String binary) {
    try {
      var p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new RuntimeVersion(name, "", "");
      }
      return parse(name, out);
    } catch (IOException e) {
      return new RuntimeVersion(name, "", "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RuntimeVersion(name, "", "");
    }
  }

  static RuntimeVersion parse(String name, String output) {
    String version = "";
    String commit = "";
    for (var line : output.split("\n")) {
      var l = line.strip();
      if (l.contains(" version ") && version.isEmpty()) {
        version = l.substring(l.indexOf(" version ") + 9).strip();
      } else if (l.startsWith("commit:")) {
        commit = l.substring(7).strip();
      }
    }
    return new RuntimeVersion(name, version, commit);
  }
}
