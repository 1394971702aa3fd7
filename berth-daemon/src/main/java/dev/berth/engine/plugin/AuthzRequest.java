package dev.berth.engine.plugin;

import java.util.Map;

/**
 * What an authorization plugin is shown of a request (moby {@code authorization.Request}).
 *
 * @param uri the request target as sent, e.g. {@code /v1.44/containers/create?name=web}
 * @param headers request headers without {@code Authorization}, {@code X-Registry-Auth} and
 *     {@code X-Registry-Config}
 * @param body the JSON body the route will read, or null when there is none to show
 */
public record AuthzRequest(String user, String userAuthNMethod, String method, String uri, Map<String, String> headers,
    byte[] body) {
  public AuthzRequest {
    headers = Map.copyOf(headers);
  }
}
