package dev.berth.engine.distribution;

import dev.berth.engine.error.SystemError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/** Network failures worded as Go's net/http words them, which is what dockerd prints. */
final class TransportErrors {
  private TransportErrors() {}

  /** {@code Get "http://h:p/v2/": dial tcp h:p: connect: connection refused}, as a 500. */
  static SystemError of(String method, URI uri, IOException e) {
    return new SystemError(urlError(method, uri, cause(uri, e)), e);
  }

  /** Go's url.Error text: {@code Head "<url>": <what>}. */
  static String urlError(String method, URI uri, String what) {
    var verb = method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
    return verb + " \"" + uri + "\": " + what;
  }

  private static String cause(URI uri, IOException e) {
    var hostPort = uri.getHost() + ":" + port(uri);
    Throwable t = e;
    while (t != null) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "dial tcp: lookup " + uri.getHost() + ": no such host";
      }
      if (t instanceof HttpConnectTimeoutException) {
        return "dial tcp " + hostPort + ": i/o timeout";
      }
      if (t instanceof ConnectException) {
        return "dial tcp " + hostPort + ": connect: connection refused";
      }
      if (t instanceof HttpTimeoutException) {
        return "net/http: request canceled (Client.Timeout exceeded while awaiting headers)";
      }
      if (t instanceof SSLException) {
        return "tls: " + t.getMessage();
      }
      t = t.getCause();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme()) ? 443 : 80;
  }
}
