package dev.pharos.edge.proxy;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.MediaType;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyResponse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * An answer the edge gives itself instead of the upstream's. Each has a fixed short text body that never reflects the
 * request, so nothing a client sends is echoed back.
 */
enum EdgeError {

  INVALID_PATH(400, "invalid request path"),
  NO_ROUTE(404, "no route"),
  /** Connection refused or reset, or a response that is not valid HTTP. */
  UPSTREAM_FAILED(502, "bad gateway"),
  NO_TARGET(503, "no upstream target"),
  /** Too many requests already wait for a connection to the target. */
  UPSTREAM_BUSY(503, "upstream busy"),
  /** No connection within the route's connect timeout, or no response byte within its response timeout. */
  UPSTREAM_TIMEOUT(504, "upstream timeout");

  private static final MediaType TEXT_PLAIN = MediaType.parse("text/plain; charset=utf-8");

  final int status;
  private final byte[] body;

  EdgeError(int status, String reason) {
    this.status = status;
    this.body = (status + " " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Maps a failed upstream exchange to the answer the client gets. The one place that decides it. */
  static EdgeError ofUpstreamFailure(Throwable failure) {
    // Netty's ConnectTimeoutException is a ConnectException: test for timeouts first.
    if (failure instanceof TimeoutException || failure instanceof ConnectTimeoutException) {
      return UPSTREAM_TIMEOUT;
    }
    if (failure instanceof ConnectionPoolTooBusyException) {
      return UPSTREAM_BUSY;
    }
    return UPSTREAM_FAILED;
  }

  /**
   * Ends the request's way upstream with this answer: the client's unread body is drained, and the answer goes back
   * through the response hooks of the stages already passed.
   */
  Future<ProxyResponse> respond(ProxyContext context) {
    ProxyResponse response = context.request().release().response()
      .setStatusCode(status)
      .setBody(Body.body(Buffer.buffer(body), TEXT_PLAIN));
    return Future.succeededFuture(response);
  }
}
