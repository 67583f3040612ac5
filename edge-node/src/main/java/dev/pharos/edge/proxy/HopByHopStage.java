package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.List;

/**
 * Removes hop-by-hop headers (RFC 9110 §7.6.1) in both directions: the standard ones and every header the
 * {@code Connection} header names. The proxy library strips only part of the standard set from requests, and nothing
 * from responses. {@link FrontStage} strips the request before it goes on and the target's response as it arrives.
 *
 * <p>Framing is unaffected: the library frames each side from the body it sees, not from these headers.
 */
final class HopByHopStage {

  private static final List<CharSequence> STANDARD = List.of(
    HttpHeaders.CONNECTION,
    HttpHeaders.KEEP_ALIVE,
    HttpHeaders.createOptimized("proxy-connection"),
    HttpHeaders.PROXY_AUTHENTICATE,
    HttpHeaders.PROXY_AUTHORIZATION,
    HttpHeaders.createOptimized("te"),
    HttpHeaders.createOptimized("trailer"),
    HttpHeaders.TRANSFER_ENCODING,
    HttpHeaders.UPGRADE);

  private HopByHopStage() {
  }

  static void strip(MultiMap headers) {
    for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String name : connection.split(",")) {
        headers.remove(name.trim());
      }
    }
    for (CharSequence name : STANDARD) {
      headers.remove(name);
    }
  }

  /** Whether {@code Connection} names {@code name}, which makes it a hop-by-hop header {@link #strip} removes. */
  static boolean isNominated(MultiMap headers, String name) {
    for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String nominated : connection.split(",")) {
        if (nominated.trim().equalsIgnoreCase(name)) {
          return true;
        }
      }
    }
    return false;
  }
}
