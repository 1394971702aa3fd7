package dev.berth.api.server;

import dev.berth.api.error.ErrorMapper;
import dev.berth.engine.error.NotFound;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.regex.Pattern;

/**
 * Runs each request on its own virtual thread: strips the {@code /vX.Y} prefix, finds the route,
 * checks the version, calls the route and turns a thrown failure into dockerd's error reply (via
 * {@link ErrorMapper}) unless the reply had already begun.
 */
final class RequestDispatcher {
  private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());
  private static final Pattern VERSIONED = Pattern.compile("^/v([0-9.]+)(/.*)?$");

  private final RouteTable routes;
  private final ApiVersions versions;
  private final Map<String, String> identity;
  private final ThreadFactory threads = Thread.ofVirtual().name("api-", 1).factory();

  RequestDispatcher(RouteTable routes, ApiVersions versions, Map<String, String> identity) {
    this.routes = routes;
    this.versions = versions;
    this.identity = Map.copyOf(identity);
  }

  void start(Exchange exchange) {
    threads.newThread(() -> dispatch(exchange)).start();
  }

  void dispatch(Exchange exchange) {
    var response = new NettyResponse(exchange, identity);
    var method = exchange.head.method().name();
    var uri = exchange.head.uri();
    LOG.log(Level.DEBUG, "Calling {0} {1}", method, uri);
    try {
      var decoded = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 1024, true);
      var path = decoded.rawPath();
      var version = versions.current();
      var m = VERSIONED.matcher(path);
      if (m.matches()) {
        version = m.group(1);
        path = m.group(2) == null ? "/" : m.group(2);
      }
      var match = routes.match(method, path).orElseThrow(() -> new NotFound("page not found"));
      versions.check(version);
      var request = new NettyRequest(exchange, version, match.params(), decoded.parameters());
      match.route().handle(request, response);
      if (!response.committed()) {
        LOG.log(Level.ERROR, "{0} {1}: the route sent no reply", method, uri);
        response.error(500, "internal error: no response");
      }
    } catch (Throwable failure) {
      fail(exchange, response, method, uri, failure);
    }
  }

  private static void fail(Exchange exchange, NettyResponse response, String method, String uri, Throwable failure) {
    var reply = ErrorMapper.map(failure);
    if (reply.unexpected()) {
      LOG.log(Level.ERROR, "Handler for " + method + " " + uri + " returned error: " + reply.message(), failure);
    } else {
      LOG.log(Level.DEBUG, "Handler for {0} {1} returned error: {2}", method, uri, reply.message());
    }
    if (response.committed()) {
      exchange.abort();
      return;
    }
    try {
      response.error(reply.status(), reply.message());
    } catch (RuntimeException e) {
      exchange.abort();
    }
  }
}
