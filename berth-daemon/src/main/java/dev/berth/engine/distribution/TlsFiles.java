package dev.berth.engine.distribution;

import dev.berth.engine.error.InvalidArgument;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings from a docker-style certs directory ({@code certs.d/<host>/}): every {@code *.crt} is
 * a trusted CA (besides the system's), {@code <name>.cert} with {@code <name>.key} a client
 * certificate (PEM; PKCS#8 or PKCS#1 RSA keys).
 */
final class TlsFiles {
  private TlsFiles() {}

  static SSLContext context(Path dir, boolean trustAll) {
    try {
      var ctx = SSLContext.getInstance("TLS");
      ctx.init(keyManagers(dir), new TrustManager[] {trustAll ? new TrustAll() : trust(dir)}, null);
      return ctx;
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidArgument("invalid TLS files in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static X509TrustManager trust(Path dir) throws GeneralSecurityException, IOException {
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    var system = (X509TrustManager) tmf.getTrustManagers()[0];
    var extra = dir == null ? List.<Path>of() : files(dir, ".crt");
    if (extra.isEmpty()) {
      return system;
    }
    var store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (var ca : system.getAcceptedIssuers()) {
      store.setCertificateEntry("system-" + i++, ca);
    }
    for (var file : extra) {
      for (var cert : certificates(file)) {
        store.setCertificateEntry("certs.d-" + i++, cert);
      }
    }
    var combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    combined.init(store);
    return (X509TrustManager) combined.getTrustManagers()[0];
  }

  private static KeyManager[] keyManagers(Path dir) throws GeneralSecurityException, IOException {
    if (dir == null) {
      return null;
    }
    var store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int count = 0;
    for (var certFile : files(dir, ".cert")) {
      var name = certFile.getFileName().toString();
      var keyFile = certFile.resolveSibling(name.substring(0, name.length() - 5) + ".key");
      if (!Files.exists(keyFile)) {
        throw new InvalidArgument("missing key " + keyFile.getFileName() + " for client certificate " + name);
      }
      var chain = certificates(certFile).toArray(Certificate[]::new);
      store.setKeyEntry("client-" + count++, privateKey(keyFile), new char[0], chain);
    }
    if (count == 0) {
      return null;
    }
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, new char[0]);
    return kmf.getKeyManagers();
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
    try (InputStream in = Files.newInputStream(file)) {
      var out = new ArrayList<X509Certificate>();
      for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) cert);
      }
      return out;
    }
  }

  static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
    var pem = Files.readString(file, StandardCharsets.US_ASCII);
    var der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Pkcs8.wrapRsa(der)));
    }
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new InvalidArgument("unsupported private key format in " + file + " (use PKCS#8 or PKCS#1 RSA PEM)");
    }
    for (var algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new InvalidArgument("unsupported private key in " + file);
  }

  /** Accepts any server certificate and name: dockerd's InsecureSkipVerify for insecure registries. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
