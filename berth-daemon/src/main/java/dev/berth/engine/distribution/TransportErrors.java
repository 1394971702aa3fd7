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
    // HttpClient reports a failed lookup as a ConnectException caused by UnresolvedAddressException
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return "dial tcp: lookup " + uri.getHost() + ": no such host";
      }
    }
    Throwable t = e;
    while (t != null) {
      if (t instanceof HttpConnectTimeoutException) {
        return "dial tcp " + hostPort + ": i/o timeout";
      }
      if (t instanceof ConnectException) {
        return "dial tcp " + hostPort + ": connect: connection refused";
      }
      if (t instanceof HttpTimeoutException) {
        return "net/http: request canceled (Client.Timeout exceeded while awaiting headers)";
      }
      if (t instanceof SSLException ssl) {
        return unknownAuthority(ssl) ? "tls: failed to verify certificate: x509: certificate signed by unknown authority"
            : tls(ssl.getMessage());
      }
      t = t.getCause();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** Whether the server's chain ends at no trusted CA (JSSE: "PKIX path building failed"). */
  private static boolean unknownAuthority(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertPathBuilderException) return true;
      if (t.getMessage() != null && t.getMessage().contains("PKIX path building failed")) return true;
    }
    return false;
  }

  /** Go's crypto/tls wording for the alerts a server sends (a missing or refused client certificate). */
  static String tls(String message) {
    var m = message == null ? "" : message;
    if (m.contains("fatal alert: ")) return "remote error: tls: " + m.substring(m.indexOf("fatal alert: ") + 13).replace('_', ' ');
    return "tls: " + m;
  }

  static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme()) ? 443 : 80;
  }
}
