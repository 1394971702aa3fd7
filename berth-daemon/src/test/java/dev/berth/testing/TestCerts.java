package dev.berth.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates for tests, made with BouncyCastle: a CA, and leaves it signs. */
public final class TestCerts {
  private TestCerts() {}

  public record Issued(KeyPair keys, X509Certificate cert) {
    public String certPem() throws Exception {
      return pem("CERTIFICATE", cert.getEncoded());
    }

    public String keyPem() {
      return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }
  }

  public static KeyPair rsa() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  public static Issued ca(String name) throws Exception {
    var keys = rsa();
    return new Issued(keys, sign(name, keys, name, keys, true, List.of()));
  }

  /** A leaf for {@code ipAddresses} (server) or none (client) signed by {@code ca}. */
  public static Issued leaf(Issued ca, String name, List<String> ipAddresses) throws Exception {
    var keys = rsa();
    return new Issued(keys, sign(name, keys, ca.cert().getSubjectX500Principal().getName(), ca.keys(), false, ipAddresses));
  }

  private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, boolean ca,
      List<String> ips) throws Exception {
    var now = Instant.now();
    var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer.startsWith("CN=") ? issuer : "CN=" + issuer),
        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
        new X500Name("CN=" + subject), subjectKeys.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ips.isEmpty()) {
      var names = ips.stream().map(ip -> new GeneralName(GeneralName.iPAddress, ip)).toArray(GeneralName[]::new);
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    var signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
