package dev.berth.engine.distribution;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * One way to reach a registry: a base URI ({@code https://host:port}) and the client for it.
 *
 * @param mirror a {@code registry-mirrors} entry standing in for Docker Hub: a pull that fails
 *     there goes on to the next endpoint for more kinds of errors (moby {@code continueOnError})
 */
record Endpoint(URI base, HttpClient client, boolean mirror) {
  URI resolve(String pathAndQuery) {
    return base.resolve(pathAndQuery);
  }
}
