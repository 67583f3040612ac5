package dev.pharos.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The protocol the edge speaks to an upstream's targets. */
public enum UpstreamProtocol {
  /** HTTP/1.1 over cleartext, on pooled keep-alive connections. */
  HTTP_1_1("http/1.1"),
  /** HTTP/2 over cleartext with prior knowledge (no upgrade); needed for gRPC to a cleartext target. */
  H2C("h2c"),
  /** HTTP/2 over TLS, negotiated by ALPN; the target's certificate is checked against the JVM's trusted roots. */
  H2("h2");

  private final String jsonName;

  UpstreamProtocol(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  static Optional<UpstreamProtocol> fromJsonName(String name) {
    return Arrays.stream(values()).filter(v -> v.jsonName.equals(name)).findFirst();
  }

  static String allowed() {
    return Arrays.stream(values()).map(UpstreamProtocol::jsonName).collect(Collectors.joining(", "));
  }
}
