package dev.pharos.edge.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/** Self-signed P-256 certificates with DNS subject alternative names, written as the PEM pairs Pharos reads. */
public final class TestCertificates {

  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  private TestCertificates() {
  }

  /**
   * Writes {@code NAME.crt} and {@code NAME.key} into {@code dir}: a certificate whose common name is the first of
   * {@code dnsNames} and whose subject alternative names are all of them.
   *
   * @return the certificate written
   */
  public static X509Certificate write(Path dir, String name, String... dnsNames) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair keys = generator.generateKeyPair();
      X500Name subject = new X500Name("CN=" + dnsNames[0]);
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
        BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic());
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(Arrays.stream(dnsNames)
        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
      // Written to temporary names and moved, so that a watcher never reads half a pair's file.
      writeAtomically(dir, name + ".key", pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
      writeAtomically(dir, name + ".crt", pem("CERTIFICATE", certificate.getEncoded()));
      return certificate;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The common name of a certificate's subject. */
  public static String commonName(Certificate certificate) {
    String dn = ((X509Certificate) certificate).getSubjectX500Principal().getName();
    return dn.startsWith("CN=") ? dn.substring(3).split(",")[0] : dn;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
      + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
      + "\n-----END " + type + "-----\n";
  }

  private static void writeAtomically(Path dir, String fileName, String content) throws IOException {
    Path temporary = Files.createTempFile(dir, ".tmp", ".part");
    Files.writeString(temporary, content, StandardCharsets.US_ASCII);
    Files.move(temporary, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING,
      StandardCopyOption.ATOMIC_MOVE);
  }
}
