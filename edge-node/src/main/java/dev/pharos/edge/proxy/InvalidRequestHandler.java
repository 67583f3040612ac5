package dev.pharos.edge.proxy;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request the HTTP decoder refused, before any stage sees it: 414 for a request line over
 * {@code maxRequestLineBytes}, 431 for a header block over {@code maxHeaderBytes}, 400 for any other malformed syntax.
 * Like Vert.x's default handler it closes the connection afterwards, since the decoder has lost the framing; unlike
 * it, the answer carries the edge's text body, {@code X-Served-By} and a new {@code X-Request-Id}. {@link EdgeVerticle}
 * refuses the requests {@link RequestIntegrity} finds ambiguous the same way.
 */
final class InvalidRequestHandler implements Handler<HttpServerRequest> {

  private final CharSequence nodeName;

  InvalidRequestHandler(String nodeName) {
    this.nodeName = HttpHeaders.createOptimized(nodeName);
  }

  @Override
  public void handle(HttpServerRequest request) {
    refuse(request, errorOf(request.decoderResult().cause()));
  }

  /** Answers {@code error} with the edge's headers, then closes the connection without reading the request's body. */
  void refuse(HttpServerRequest request, EdgeError error) {
    request.response()
      .setStatusCode(error.status)
      .putHeader(HttpHeaders.CONTENT_TYPE, EdgeError.CONTENT_TYPE)
      .putHeader(ServedByStage.X_SERVED_BY, nodeName)
      .putHeader(RequestIdStage.X_REQUEST_ID, RequestIdStage.newId())
      .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
      .end(error.body())
      .onComplete(sent -> request.connection().close());
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
