package dev.berth.engine.image;

import java.util.List;

/**
 * {@code POST /images/create?fromSrc=…} parameters.
 *
 * @param source {@code -} (the body) — URLs are not supported
 * @param repo repository to tag, may be empty
 * @param tag tag, may be empty
 * @param message commit message (the config's comment), may be empty
 * @param changes Dockerfile instructions applied to the config ({@code -c})
 * @param platform {@code os[/arch[/variant]]}, may be empty
 */
public record ImportRequest(String source, String repo, String tag, String message, List<String> changes, String platform) {
  public ImportRequest {
    changes = changes == null ? List.of() : List.copyOf(changes);
  }
}
