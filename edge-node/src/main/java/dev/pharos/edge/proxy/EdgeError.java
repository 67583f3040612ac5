package dev.pharos.edge.proxy;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpHeaders;
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

  /** Malformed request syntax, refused by the HTTP decoder. */
  BAD_REQUEST(400, "bad request"),
  INVALID_PATH(400, "invalid request path"),
  NO_ROUTE(404, "no route"),
  BODY_TOO_LARGE(413, "request body too large"),
  REQUEST_LINE_TOO_LONG(414, "request line too long"),
  /** A rate limit of the route has no token for the request; {@link RateLimitStage} adds Retry-After. */
  RATE_LIMITED(429, "too many requests"),
  HEADERS_TOO_LARGE(431, "request header fields too large"),
  TOO_MANY_HEADERS(431, "too many request header fields"),
  /** Connection refused or reset, or a response that is not valid HTTP. */
  UPSTREAM_FAILED(502, "bad gateway"),
  NO_TARGET(503, "no upstream target"),
  /** Too many requests already wait for a connection to the target. */
  UPSTREAM_BUSY(503, "upstream busy"),
  /** The target reached a limit of the upstream's circuit breaker; the client may try again in a second. */
  TARGET_OVER_LIMIT(503, "upstream target over its limit", true),
  /** No connection within the route's connect timeout, or no response byte within its response timeout. */
  UPSTREAM_TIMEOUT(504, "upstream timeout"),
  /** The client asked for a cached response only ({@code only-if-cached}) and none may answer it. */
  NOT_CACHED(504, "not in cache");

  static final String CONTENT_TYPE = "text/plain;charset=utf-8";
  private static final MediaType TEXT_PLAIN = MediaType.parse(CONTENT_TYPE);

  final int status;
  private final byte[] body;
  private final boolean retryAfter;

  EdgeError(int status, String reason) {
    this(status, reason, false);
  }

  EdgeError(int status, String reason, boolean retryAfter) {
    this.status = status;
    this.body = (status + " " + reason + "\n").getBytes(StandardCharsets.US_ASCII);
    this.retryAfter = retryAfter;
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
    context.request().release();
    return answer(context);
  }

  /**
   * This answer, leaving the client's body as it is: for a refusal ({@link EdgeContext#refusal}), after which
   * {@link FrontStage} closes the connection, so that an unread body cannot be taken for the next request.
   */
  Future<ProxyResponse> answer(ProxyContext context) {
    ProxyResponse response = context.request().response()
      .setStatusCode(status)
      .setBody(Body.body(body(), TEXT_PLAIN));
    if (retryAfter) {
      response.putHeader(HttpHeaders.RETRY_AFTER, "1");
    }
    return Future.succeededFuture(response);
  }

  Buffer body() {
    return Buffer.buffer(body);
  }
}
