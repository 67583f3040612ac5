package dev.pharos.edge.proxy;

import java.util.Map;

/**
 * Refuses with 431 a request carrying more header fields than the limit, repeated names counted each time. Netty
 * bounds the header block's size but not its field count.
 */
final class HeaderCountStage {

  private final int maxHeaderCount;

  HeaderCountStage(int maxHeaderCount) {
    this.maxHeaderCount = maxHeaderCount;
  }

  /** @return false when the request is refused */
  boolean admits(EdgeContext edge) {
    int count = 0;
    for (Map.Entry<String, String> ignored : edge.client.headers()) {
      if (++count > maxHeaderCount) {
        edge.refusal = EdgeError.TOO_MANY_HEADERS;
        return false;
      }
    }
    return true;
  }
}
