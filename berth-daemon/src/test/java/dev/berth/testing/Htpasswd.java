package dev.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Writes an htpasswd file with bcrypt entries, which is all docker-registry accepts. */
public final class Htpasswd {
  private Htpasswd() {}

  public static Path write(Path dir, String user, String password) throws IOException {
    var salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    var file = dir.resolve("htpasswd");
    Files.writeString(file, user + ":" + OpenBSDBCrypt.generate("2a", password.toCharArray(), salt, 4) + "\n");
    return file;
  }

  public static String authYaml(Path file) {
    return """
        auth:
          htpasswd:
            realm: basic-realm
            path: %s
        """.formatted(file);
  }
}
