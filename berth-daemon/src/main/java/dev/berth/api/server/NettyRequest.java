package dev.berth.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.model.Filters;
import dev.berth.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@link Request} over an {@link Exchange}. Used by the route's virtual thread only. */
final class NettyRequest implements Request {
  private final Exchange exchange;
  private final String apiVersion;
  private final Map<String, String> params;
  private final Map<String, List<String>> query;
  private Filters filters;

  NettyRequest(Exchange exchange, String apiVersion, Map<String, String> params, Map<String, List<String>> query) {
    this.exchange = exchange;
    this.apiVersion = apiVersion;
    this.params = params;
    this.query = query;
  }

  @Override
  public String method() {
    return exchange.head.method().name();
  }

  @Override
  public String apiVersion() {
    return apiVersion;
  }

  @Override
  public String path(String name) {
    var value = params.get(name);
    if (value == null) {
      throw new IllegalArgumentException("no placeholder {" + name + "} in this route");
    }
    return value;
  }

  @Override
  public Optional<String> query(String name) {
    var values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  @Override
  public List<String> queryAll(String name) {
    return List.copyOf(query.getOrDefault(name, List.of()));
  }

  @Override
  public boolean bool(String name, boolean fallback) {
    return query(name).map(NettyRequest::truthy).orElse(query.containsKey(name) ? false : fallback);
  }

  /** moby's {@code httputils.BoolValue}: "", 0, no, false, none (any case) are false. */
  static boolean truthy(String value) {
    var s = value.strip().toLowerCase(Locale.ROOT);
    return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
  }

  @Override
  public long integer(String name, long fallback) {
    var value = query(name);
    if (value.isEmpty() || value.get().isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value.get().strip());
    } catch (NumberFormatException e) {
      // moby handlers mostly use strconv.Atoi and return its error as a bad parameter
      throw new InvalidArgument("strconv.Atoi: parsing \"" + value.get() + "\": invalid syntax");
    }
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(exchange.head.headers().get(name));
  }

  @Override
  public String uri() {
    return exchange.head.uri();
  }

  @Override
  public Map<String, String> headers() {
    var out = new java.util.LinkedHashMap<String, String>();
    exchange.head.headers().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  @Override
  public Filters filters() {
    if (filters == null) {
      filters = FiltersParser.parse(query("filters").orElse(""));
    }
    return filters;
  }

  @Override
  public <T> T json(Class<T> type) {
    if (exchange.bodyless()) {
      return null; // moby reads nothing either; no Content-Type is needed then
    }
    checkJsonContentType(header("Content-Type").orElse(""));
    return BodyJson.read(exchange.body, type);
  }

  /** moby's {@code httputils.matchesContentType} texts. */
  static void checkJsonContentType(String contentType) {
    var mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (mime.isEmpty() || !mime.contains("/")) {
      throw new InvalidArgument("malformed Content-Type header (" + contentType + "): mime: no media type");
    }
    if (!mime.equals("application/json")) {
      throw new InvalidArgument("unsupported Content-Type header (" + contentType + "): must be 'application/json'");
    }
  }

  @Override
  public InputStream body() {
    return exchange.body;
  }

  @Override
  public java.util.concurrent.CompletionStage<Void> disconnected() {
    return exchange.disconnected.minimalCompletionStage();
  }

  @Override
  public Optional<Peer> peer() {
    return exchange.peer;
  }

  /** JSON decoding of a body stream with moby's error texts. */
  static final class BodyJson {
    private BodyJson() {}

    static <T> T read(InputStream in, Class<T> type) {
      try (var parser = Json.mapper().createParser(in)) {
        if (parser.nextToken() == null) {
          throw new InvalidArgument("invalid JSON: got EOF while reading request body");
        }
        T value = Json.mapper().readValue(parser, type);
        if (parser.nextToken() != null) {
          throw new InvalidArgument("unexpected content after JSON");
        }
        return value;
      } catch (JsonProcessingException e) {
        throw new InvalidArgument("invalid JSON: " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
