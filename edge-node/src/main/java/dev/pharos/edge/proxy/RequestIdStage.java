package dev.pharos.edge.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives each request an id: the client's {@code X-Request-Id} when it is sane (visible ASCII, at most
 * {@value #MAX_LENGTH} characters) and not a hop-by-hop header of the client's, a new random UUID otherwise. The id
 * goes upstream and back to the client, replacing whatever the upstream answered.
 */
final class RequestIdStage {

  static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
  static final int MAX_LENGTH = 128;

  private RequestIdStage() {
  }

  static void assign(EdgeContext edge) {
    MultiMap headers = edge.client.headers();
    String id = headers.get(X_REQUEST_ID);
    if (!HeaderValues.isToken(id, MAX_LENGTH) || HopByHopStage.isNominated(headers, X_REQUEST_ID.toString())) {
      id = newId();
    }
    edge.requestId = id;
  }

  static void addTo(MultiMap headers, EdgeContext edge) {
    headers.set(X_REQUEST_ID, edge.requestId);
  }

  /**
   * A version 4 UUID from the loop's own random generator: {@link UUID#randomUUID()} draws from one SecureRandom
   * shared by every thread, which event loops would contend on.
   */
  static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xf000L) | 0x4000L;
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
