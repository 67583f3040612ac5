package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Map;

/**
 * Passes a target's 103 (Early Hints) on to the client while the final response is still to come, as RFC 9110 §15.2
 * asks of a proxy for every interim response: a browser can start fetching the resources its {@code Link} headers
 * name. Without hop-by-hop headers, and never to an HTTP/1.0 client, which knows no 1xx, nor once the final response
 * has started. The cache stores only final responses, so a hit comes without it.
 */
final class EarlyHints {

  private static final Logger LOG = System.getLogger(EarlyHints.class.getName());

  private EarlyHints() {
  }

  static void forward(MultiMap hints, HttpServerRequest client) {
    HttpServerResponse response = client.response();
    if (client.version() == HttpVersion.HTTP_1_0 || response.headWritten() || response.closed()) {
      return;
    }
    HopByHopStage.strip(hints);
    try {
      response.writeEarlyHints(client.version() == HttpVersion.HTTP_2 ? lowerCased(hints) : hints);
    } catch (RuntimeException e) {
      // Thrown here, it would unwind through the read of the target's connection and break the exchange.
      LOG.log(Level.DEBUG, () -> "103 not passed on: " + e);
    }
  }

  /** HTTP/2 header names are lower case, and Vert.x writes the hints' names as they came from an HTTP/1.1 target. */
  private static MultiMap lowerCased(MultiMap hints) {
    MultiMap lower = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> hint : hints) {
      lower.add(hint.getKey().toLowerCase(Locale.ROOT), hint.getValue());
    }
    return lower;
  }
}
