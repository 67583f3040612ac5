package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives each request an id: the client's {@code X-Request-Id} when it is sane (visible ASCII, at most
 * {@value #MAX_LENGTH} characters), a new random UUID otherwise. The id goes upstream and back to the client,
 * replacing whatever the upstream answered.
 */
final class RequestIdStage implements ProxyInterceptor {

  static final CharSequence X_REQUEST_ID = HttpHeaders.createOptimized("x-request-id");
  static final int MAX_LENGTH = 128;

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    String id = context.request().headers().get(X_REQUEST_ID);
    if (!HeaderValues.isToken(id, MAX_LENGTH)) {
      id = newId();
    }
    EdgeContext.REQUEST_ID.set(context, id);
    context.request().putHeader(X_REQUEST_ID, id);
    return context.sendRequest();
  }

  @Override
  public Future<Void> handleProxyResponse(ProxyContext context) {
    context.response().putHeader(X_REQUEST_ID, EdgeContext.REQUEST_ID.get(context));
    return context.sendResponse();
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
