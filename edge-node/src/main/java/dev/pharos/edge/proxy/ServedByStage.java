package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

/** Names this node in {@code X-Served-By} on every response, replacing any value the upstream sent. */
final class ServedByStage {

  static final CharSequence X_SERVED_BY = HttpHeaders.createOptimized("x-served-by");

  private final CharSequence nodeName;

  ServedByStage(String nodeName) {
    this.nodeName = HttpHeaders.createOptimized(nodeName);
  }

  void addTo(MultiMap responseHeaders) {
    responseHeaders.set(X_SERVED_BY, nodeName);
  }
}
