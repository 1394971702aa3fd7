package dev.berth.engine.system;

import dev.berth.store.AtomicJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;

/** The daemon's ID for /info: a UUID made once and kept in {@code <data-root>/engine-id}, as dockerd does. */
public final class EngineId {
  private EngineId() {}

  public static String loadOrCreate(Path dataRoot) throws IOException {
    var file = dataRoot.resolve("engine-id");
    try {
      var id = Files.readString(file).strip();
      if (!id.isEmpty()) {
        return id;
      }
    } catch (NoSuchFileException e) {
      // first start
    }
    var id = UUID.randomUUID().toString();
    AtomicJson.writeBytes(file, id.getBytes(StandardCharsets.UTF_8));
    return id;
  }
}
