package dev.pharos.edge.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * Reads a folder of PEM pairs: {@code NAME.crt} (the certificate, then any intermediates) and {@code NAME.key} (its
 * private key, PKCS#8 or PKCS#1). A pair that cannot be read, or whose key does not belong to its certificate, is
 * reported by file name and left out; the others are served. Blocking: call it on a worker thread.
 */
public final class CertificateFolder {

  static final String CERT_SUFFIX = ".crt";
  static final String KEY_SUFFIX = ".key";

  /**
   * What one read of the folder found.
   *
   * @param certificates the pairs that could be read; null when none could
   * @param problems     one line per pair left out, naming its file
   * @param unreadable   the names of the pairs whose two files are there but could not be used
   */
  public record Reading(ServerCertificates certificates, List<String> problems, Set<String> unreadable) {

    /**
     * The pairs read, and for each pair that could not be used now, the one of {@code before} with its name. A pair is
     * often replaced one file at a time, and a check between the two writes reads a certificate with the other's
     * key: the name keeps its previous pair until both files agree again.
     *
     * @return null when there is still no pair to serve
     */
    public ServerCertificates keepingUnreadableFrom(ServerCertificates before) {
      Map<String, ServerCertificates.Pair> byName = new TreeMap<>();
      if (before != null) {
        before.pairs().stream().filter(pair -> unreadable.contains(pair.name()))
          .forEach(pair -> byName.put(pair.name(), pair));
      }
      if (certificates != null) {
        certificates.pairs().forEach(pair -> byName.put(pair.name(), pair));
      }
      if (byName.isEmpty()) {
        return null;
      }
      String defaultName = certificates != null ? certificates.defaultName() : before.defaultName();
      return new ServerCertificates(List.copyOf(byName.values()), defaultName);
    }
  }

  private final Vertx vertx;
  private final Path dir;
  private final String defaultName;

  public CertificateFolder(Vertx vertx, Path dir, String defaultName) {
    this.vertx = vertx;
    this.dir = dir;
    this.defaultName = defaultName;
  }

  /**
   * The name, size and modification time of every pair file: when it is unchanged, so are the certificates.
   *
   * @throws IOException when the folder cannot be listed
   */
  public String fingerprint() throws IOException {
    StringBuilder fingerprint = new StringBuilder();
    for (Path file : pairFiles()) {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      fingerprint.append(file.getFileName()).append(' ').append(attributes.size()).append(' ')
        .append(attributes.lastModifiedTime().toMillis()).append('\n');
    }
    return fingerprint.toString();
  }

  /** @throws IOException when the folder cannot be listed */
  public Reading read() throws IOException {
    Map<String, Path[]> byName = new TreeMap<>();
    for (Path file : pairFiles()) {
      String fileName = file.getFileName().toString();
      boolean cert = fileName.endsWith(CERT_SUFFIX);
      String name = fileName.substring(0, fileName.length() - (cert ? CERT_SUFFIX : KEY_SUFFIX).length());
      byName.computeIfAbsent(name, n -> new Path[2])[cert ? 0 : 1] = file;
    }
    List<ServerCertificates.Pair> pairs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> unreadable = new TreeSet<>();
    byName.forEach((name, files) -> {
      if (files[0] == null) {
        problems.add(name + KEY_SUFFIX + ": no " + name + CERT_SUFFIX + " beside it");
      } else if (files[1] == null) {
        problems.add(name + CERT_SUFFIX + ": no " + name + KEY_SUFFIX + " beside it");
      } else {
        try {
          pairs.add(readPair(name, files[0], files[1]));
        } catch (Exception e) {
          problems.add(name + CERT_SUFFIX + " / " + name + KEY_SUFFIX + ": " + e.getMessage());
          unreadable.add(name);
        }
      }
    });
    return new Reading(pairs.isEmpty() ? null : new ServerCertificates(pairs, defaultName), List.copyOf(problems),
      Set.copyOf(unreadable));
  }

  private List<Path> pairFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> {
        String name = f.getFileName().toString();
        return (name.endsWith(CERT_SUFFIX) || name.endsWith(KEY_SUFFIX)) && !name.startsWith(".")
          && Files.isRegularFile(f);
      }).sorted().toList();
    }
  }

  private ServerCertificates.Pair readPair(String name, Path certFile, Path keyFile) throws Exception {
    byte[] cert = Files.readAllBytes(certFile);
    byte[] key = Files.readAllBytes(keyFile);
    Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
      .generateCertificates(new ByteArrayInputStream(cert));
    if (chain.isEmpty() || !(chain.iterator().next() instanceof X509Certificate leaf)) {
      throw new CertificateException("no X.509 certificate in the file");
    }
    KeyManagerFactory keys = new PemKeyCertOptions().setCertValue(Buffer.buffer(cert))
      .setKeyValue(Buffer.buffer(key)).getKeyManagerFactory(vertx);
    requireKeyOf(leaf, keys);
    List<String> hostNames = hostNames(leaf);
    if (hostNames.isEmpty()) {
      throw new CertificateException("the certificate names no DNS host (no subject alternative name, no CN)");
    }
    return new ServerCertificates.Pair(name, hostNames, keys);
  }

  /**
   * Fails unless the pair's private key signs what the certificate's public key verifies. A key store takes any key
   * beside any certificate, and a mismatched pair would fail every handshake for its names.
   */
  private static void requireKeyOf(X509Certificate leaf, KeyManagerFactory keys) throws GeneralSecurityException {
    PublicKey publicKey = leaf.getPublicKey();
    String algorithm = switch (publicKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new CertificateException("unsupported key algorithm " + publicKey.getAlgorithm());
    };
    X509KeyManager manager = (X509KeyManager) keys.getKeyManagers()[0];
    String alias = manager.chooseServerAlias(publicKey.getAlgorithm(), null, null);
    PrivateKey privateKey = alias == null ? null : manager.getPrivateKey(alias);
    if (privateKey == null) {
      throw new CertificateException("the key is not a " + publicKey.getAlgorithm() + " key like the certificate's");
    }
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(privateKey);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(probe);
    if (!verifier.verify(signature)) {
      throw new CertificateException("the key does not belong to the certificate");
    }
  }

  /** The DNS subject alternative names; the common name only when there are none (RFC 6125 §6.4.4). */
  static List<String> hostNames(X509Certificate certificate) throws CertificateParsingException,
    InvalidNameException {
    List<String> names = new ArrayList<>();
    Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
    if (alternatives != null) {
      for (List<?> alternative : alternatives) {
        if (alternative.size() == 2 && Integer.valueOf(2).equals(alternative.get(0))) {
          names.add(alternative.get(1).toString().toLowerCase(Locale.ROOT));
        }
      }
    }
    if (names.isEmpty()) {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }
}
