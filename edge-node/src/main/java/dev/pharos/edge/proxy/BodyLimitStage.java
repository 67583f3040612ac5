package dev.pharos.edge.proxy;

import dev.pharos.model.Route;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Keeps request bodies within the route's {@code maxBodyBytes}, or the node's default when the route sets none.
 *
 * <p>A declared {@code Content-Length} over the limit is refused with 413 before anything is forwarded. A chunked
 * body is counted as it streams: the chunk that crosses the limit is not forwarded, the upstream exchange is reset so
 * the target never sees the body's end, and the client gets 413 if its response has not started, or loses its
 * connection if it has.
 */
final class BodyLimitStage implements ProxyInterceptor {

  private final long defaultMaxBytes;

  BodyLimitStage(long defaultMaxBytes) {
    this.defaultMaxBytes = defaultMaxBytes;
  }

  @Override
  public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
    Route route = EdgeContext.ROUTE_MATCH.get(context).route();
    long maxBytes = route.maxBodyBytes() == null ? defaultMaxBytes : route.maxBodyBytes();
    ProxyRequest request = context.request();
    long declared = request.getBody().length();
    if (declared > maxBytes) {
      return EdgeError.BODY_TOO_LARGE.refuse(context);
    }
    HttpServerRequest client = request.proxiedRequest();
    if (declared < 0 && mayHaveBody(client)) {
      request.setBody(Body.body(new LimitedBody(request.getBody().stream(), maxBytes, () -> {
        EdgeContext.REFUSAL.set(context, EdgeError.BODY_TOO_LARGE);
        if (client.response().headWritten()) {
          client.connection().close();
        }
      }), declared));
    }
    return context.sendRequest();
  }

  /** An HTTP/1.x request of undeclared length has a body only when it is chunked; an HTTP/2 one may have any. */
  private static boolean mayHaveBody(HttpServerRequest client) {
    return client.version() == HttpVersion.HTTP_2 || client.headers().contains(HttpHeaders.TRANSFER_ENCODING);
  }
}
