package dev.berth.api.server;

import dev.berth.engine.error.SystemError;
import dev.berth.engine.plugin.AuthorizationChain;
import dev.berth.engine.plugin.AuthzRequest;
import dev.berth.model.Filters;
import dev.berth.model.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts every route of {@code inner} behind the authorization plugin chain (dockerd's authz
 * middleware). A JSON body is read whole (at most {@link AuthorizationChain#MAX_BODY}, else the
 * request is refused) and the route reads exactly the bytes the plugins saw. Replies are shown
 * to the plugins before they are sent; a stream or hijack is authorized when it starts, before any
 * byte goes out. A route that fails is not shown again (as dockerd).
 */
public final class AuthzRoutes implements Routes {
  private final Routes inner;
  private final AuthorizationChain chain;

  public AuthzRoutes(Routes inner, AuthorizationChain chain) {
    this.inner = inner;
    this.chain = chain;
  }

  /** Wraps each of {@code routes} when the chain has plugins; returns them unchanged otherwise. */
  public static List<Routes> wrap(List<Routes> routes, AuthorizationChain chain) {
    if (chain == null || !chain.enabled()) {
      return routes;
    }
    return routes.stream().map(r -> (Routes) new AuthzRoutes(r, chain)).toList();
  }

  @Override
  public void register(Router router) {
    inner.register(new Router() {
      @Override
      public void get(String pattern, Route route) {
        router.get(pattern, guard(route));
      }

      @Override
      public void head(String pattern, Route route) {
        router.head(pattern, guard(route));
      }

      @Override
      public void post(String pattern, Route route) {
        router.post(pattern, guard(route));
      }

      @Override
      public void put(String pattern, Route route) {
        router.put(pattern, guard(route));
      }

      @Override
      public void delete(String pattern, Route route) {
        router.delete(pattern, guard(route));
      }
    });
  }

  private Route guard(Route route) {
    return (req, res) -> {
      var uri = req.uri();
      var path = uri.split("\\?", 2)[0];
      byte[] body = null;
      var request = req;
      if (AuthorizationChain.forwardsBody(path, req.header("Content-Type").orElse(""))) {
        body = readLimited(req.body());
        request = new BufferedRequest(req, body);
      }
      var authz = new AuthzRequest("", "", req.method(), uri, AuthorizationChain.visibleHeaders(req.headers()), body);
      chain.authorizeRequest(authz);
      route.handle(request, new CheckedResponse(res, authz));
    };
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    var bytes = in.readNBytes(AuthorizationChain.MAX_BODY + 1);
    if (bytes.length > AuthorizationChain.MAX_BODY) {
      throw new SystemError("request body too large for authorization plugin: size exceeds "
          + AuthorizationChain.MAX_BODY + " bytes");
    }
    return bytes;
  }

  /** The request with its body replaced by the bytes the plugins were shown. */
  private record BufferedRequest(Request inner, byte[] bytes) implements Request {
    @Override public String method() { return inner.method(); }
    @Override public String apiVersion() { return inner.apiVersion(); }
    @Override public String path(String name) { return inner.path(name); }
    @Override public Optional<String> query(String name) { return inner.query(name); }
    @Override public List<String> queryAll(String name) { return inner.queryAll(name); }
    @Override public boolean bool(String name, boolean fallback) { return inner.bool(name, fallback); }
    @Override public long integer(String name, long fallback) { return inner.integer(name, fallback); }
    @Override public Optional<String> header(String name) { return inner.header(name); }
    @Override public String uri() { return inner.uri(); }
    @Override public Map<String, String> headers() { return inner.headers(); }
    @Override public Filters filters() { return inner.filters(); }
    @Override public InputStream body() { return new ByteArrayInputStream(bytes); }
    @Override public java.util.concurrent.CompletionStage<Void> disconnected() { return inner.disconnected(); }
    @Override public Optional<Peer> peer() { return inner.peer(); }

    @Override
    public <T> T json(Class<T> type) {
      if (bytes.length == 0) {
        return null;
      }
      NettyRequest.checkJsonContentType(header("Content-Type").orElse(""));
      return NettyRequest.BodyJson.read(new ByteArrayInputStream(bytes), type);
    }
  }

  /** Shows each reply to the chain before it goes out. */
  private final class CheckedResponse implements Response {
    private final Response inner;
    private final AuthzRequest request;
    private final Map<String, String> headers = new LinkedHashMap<>();

    CheckedResponse(Response inner, AuthzRequest request) {
      this.inner = inner;
      this.request = request;
    }

    @Override
    public Response header(String name, String value) {
      headers.put(name, value);
      inner.header(name, value);
      return this;
    }

    @Override
    public void ok(Object body) {
      chain.authorizeResponse(request, 200, withType("application/json"), json(body));
      inner.ok(body);
    }

    @Override
    public void created(Object body) {
      chain.authorizeResponse(request, 201, withType("application/json"), json(body));
      inner.created(body);
    }

    @Override
    public void noContent() {
      chain.authorizeResponse(request, 204, headers, null);
      inner.noContent();
    }

    @Override
    public void text(String body) {
      chain.authorizeResponse(request, 200, withType("text/plain; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8));
      inner.text(body);
    }

    @Override
    public void empty() {
      chain.authorizeResponse(request, 200, headers, null);
      inner.empty();
    }

    @Override
    public OutputStream stream(String contentType) {
      chain.authorizeResponse(request, 200, withType(contentType), null);
      return inner.stream(contentType);
    }

    @Override
    public Hijacked hijack(String contentType) {
      chain.authorizeResponse(request, 200, withType(contentType), null);
      return inner.hijack(contentType);
    }

    private Map<String, String> withType(String contentType) {
      var out = new LinkedHashMap<>(headers);
      out.put("Content-Type", contentType);
      return out;
    }

    private static byte[] json(Object body) {
      try {
        return Json.mapper().writeValueAsBytes(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
