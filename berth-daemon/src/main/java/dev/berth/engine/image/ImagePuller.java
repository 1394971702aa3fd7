package dev.berth.engine.image;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Pulls an image from a registry into the local store ({@code POST /images/create?fromImage=}).
 * Implemented by the distribution subsystem and set into {@link ImageService} at wiring time.
 */
public interface ImagePuller {
  /**
   * @param reference the reference as the client gave it (tag or digest included)
   * @param platform {@code os/arch[/variant]} or empty
   * @param authHeader the raw {@code X-Registry-Auth} header value, or null
   * @param progress receives one JSON-message object per progress event (pull stream lines)
   */
  void pull(String reference, String platform, String authHeader, Consumer<Object> progress) throws IOException;
}
