package dev.pharos.edge.proxy;

import dev.pharos.model.Route;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;

/**
 * Keeps request bodies within the route's {@code maxBodyBytes}, or the node's default when the route sets none.
 *
 * <p>A declared {@code Content-Length} over the limit is refused with 413 before anything is forwarded. A chunked
 * body is counted as it streams: the chunk that crosses the limit is not forwarded, the upstream exchange is reset so
 * the target never sees the body's end, and the client gets 413 if its response has not started, or loses its
 * connection if it has.
 */
final class BodyLimitStage {

  private final long defaultMaxBytes;

  BodyLimitStage(long defaultMaxBytes) {
    this.defaultMaxBytes = defaultMaxBytes;
  }

  /** @return false when the request is refused */
  boolean admits(EdgeContext edge) {
    Route route = edge.routeMatch.route();
    long maxBytes = route.maxBodyBytes() == null ? defaultMaxBytes : route.maxBodyBytes();
    HttpServerRequest client = edge.client;
    long declared = declaredLength(client);
    if (declared > maxBytes) {
      edge.refusal = EdgeError.BODY_TOO_LARGE;
      return false;
    }
    if (declared < 0 && mayHaveBody(client)) {
      edge.streamedBodyLimit = maxBytes;
    }
    return true;
  }

  /** Counts the streamed body {@link #admits} left to count. */
  static void countStreamed(ProxyRequest request, EdgeContext edge) {
    if (edge.streamedBodyLimit < 0) {
      return;
    }
    HttpServerRequest client = edge.client;
    Body body = request.getBody();
    request.setBody(Body.body(new LimitedBody(body.stream(), edge.streamedBodyLimit, () -> {
      edge.refusal = EdgeError.BODY_TOO_LARGE;
      if (client.response().headWritten()) {
        client.connection().close();
      }
    }), body.length()));
  }

  /** The Content-Length as the proxy library reads it: -1 for none, or one that is not a number. */
  private static long declaredLength(HttpServerRequest client) {
    String length = client.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** An HTTP/1.x request of undeclared length has a body only when it is chunked; an HTTP/2 one may have any. */
  private static boolean mayHaveBody(HttpServerRequest client) {
    return client.version() == HttpVersion.HTTP_2 || client.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }
}
