package dev.pharos.edge.tls;

import java.util.List;
import java.util.Set;

/**
 * The protocol versions and cipher suites the HTTPS listener accepts: TLS 1.2 and 1.3 only, and for TLS 1.2 only
 * ECDHE key exchange with AEAD ciphers (the Mozilla "intermediate" list), so every session has forward secrecy.
 */
public final class TlsPolicy {

  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  /** In order of preference; the JDK's names, which are the IANA names. */
  public static final List<String> CIPHER_SUITES = List.of(
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsPolicy() {
  }
}
