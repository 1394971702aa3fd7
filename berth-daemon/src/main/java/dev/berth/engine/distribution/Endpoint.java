package dev.berth.engine.distribution;

import java.net.URI;
import java.net.http.HttpClient;

/** One way to reach a registry: a base URI ({@code https://host:port}) and the client for it. */
record Endpoint(URI base, HttpClient client) {
  URI resolve(String pathAndQuery) {
    return base.resolve(pathAndQuery);
  }
}
