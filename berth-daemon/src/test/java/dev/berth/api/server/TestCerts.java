package dev.berth.api.server;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as PEM files (docker's names). */
final class TestCerts {
  private TestCerts() {}

  static void write(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("client"));
    var ca = keys();
    var caCert = cert("CN=berth-test-ca", ca, "CN=berth-test-ca", ca, true, null);
    var server = keys();
    var serverCert = cert("CN=127.0.0.1", server, "CN=berth-test-ca", ca, false, KeyPurposeId.id_kp_serverAuth);
    var client = keys();
    var clientCert = cert("CN=client", client, "CN=berth-test-ca", ca, false, KeyPurposeId.id_kp_clientAuth);
    pem(dir.resolve("ca.pem"), "CERTIFICATE", caCert.getEncoded());
    pem(dir.resolve("server-cert.pem"), "CERTIFICATE", serverCert.getEncoded());
    pem(dir.resolve("server-key.pem"), "PRIVATE KEY", server.getPrivate().getEncoded());
    pem(dir.resolve("client/ca.pem"), "CERTIFICATE", caCert.getEncoded());
    pem(dir.resolve("client/cert.pem"), "CERTIFICATE", clientCert.getEncoded());
    pem(dir.resolve("client/key.pem"), "PRIVATE KEY", client.getPrivate().getEncoded());
  }

  private static KeyPair keys() throws Exception {
    var g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    return g.generateKeyPair();
  }

  private static X509Certificate cert(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
      boolean ca, KeyPurposeId purpose) throws Exception {
    var now = Instant.now();
    var b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), new X500Name(subject),
        subjectKeys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (purpose != null) {
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    }
    var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static void pem(Path file, String type, byte[] der) throws Exception {
    var body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
  }
}
