package dev.pharos.edge.proxy;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * Answers a request the HTTP decoder refused, before any stage sees it: 414 for a request line over
 * {@code maxRequestLineBytes}, 431 for a header block over {@code maxHeaderBytes}, 400 for any other malformed syntax.
 * Like Vert.x's default handler it closes the connection afterwards, since the decoder has lost the framing; unlike
 * it, the answer carries the edge's text body, {@code X-Served-By} and a new {@code X-Request-Id}, and the observer is
 * told of it like any other request (no route, no target), so refusals show in the access log and metrics.
 * {@link EdgeVerticle} refuses the requests {@link RequestIntegrity} finds ambiguous the same way.
 */
final class InvalidRequestHandler implements Handler<HttpServerRequest> {

  private final CharSequence nodeName;
  private final EdgeObserver observer;

  InvalidRequestHandler(String nodeName, EdgeObserver observer) {
    this.nodeName = HttpHeaders.createOptimized(nodeName);
    this.observer = observer;
  }

  @Override
  public void handle(HttpServerRequest request) {
    refuse(request, errorOf(request.decoderResult().cause()));
  }

  /** Answers {@code error} with the edge's headers, then closes the connection without reading the request's body. */
  void refuse(HttpServerRequest request, EdgeError error) {
    long startMillis = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    String requestId = RequestIdStage.newId();
    request.response()
      .setStatusCode(error.status)
      .putHeader(HttpHeaders.CONTENT_TYPE, EdgeError.CONTENT_TYPE)
      .putHeader(ServedByStage.X_SERVED_BY, nodeName)
      .putHeader(RequestIdStage.X_REQUEST_ID, requestId)
      .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
      .end(error.body())
      .onComplete(sent -> {
        observer.requestEnded(refused(request, requestId, startMillis, System.nanoTime() - startNanos));
        request.connection().close();
      });
  }

  /**
   * A request the decoder could not read has no method, host or path to report: Netty stands in {@code GET
   * /bad-request} for it.
   */
  private static FinishedRequest refused(HttpServerRequest request, String requestId, long startMillis,
                                         long totalNanos) {
    boolean read = request.decoderResult().isSuccess();
    HttpServerResponse response = request.response();
    SocketAddress client = request.remoteAddress();
    HostAndPort authority = read ? request.authority() : null;
    return new FinishedRequest(startMillis, requestId, client == null ? null : client.hostAddress(),
      read ? request.method() : null, authority == null ? null : authority.toString(), read ? request.path() : null,
      response.ended() ? response.getStatusCode() : FinishedRequest.CLIENT_CLOSED, 0, response.bytesWritten(),
      totalNanos, -1, null, null, 0);
  }

  static EdgeError errorOf(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return EdgeError.REQUEST_LINE_TOO_LONG;
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return EdgeError.HEADERS_TOO_LARGE;
    }
    return EdgeError.BAD_REQUEST;
  }
}
