package dev.pharos.edge.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Passes the target's response trailers on to the client, which the proxy library drops: gRPC sends its status
 * ({@code grpc-status}, {@code grpc-message}) in trailers. The body stream handed to the stages copies them to the
 * client's response just before its end, so they go out with the last frame (HTTP/2) or the last chunk (HTTP/1.1;
 * a response sent with {@code Content-Length} has no place for them). Applied by {@link TargetExchange} as the
 * target's response arrives, so a stage that replaces the body (compression) wraps this one.
 */
final class TrailersStage {

  private TrailersStage() {
  }

  static void carry(ProxyResponse response, HttpServerResponse toClient) {
    HttpClientResponse fromTarget = response.proxiedResponse();
    Body body = response.getBody();
    if (body != null && mayHaveTrailers(fromTarget, body)) {
      response.setBody(Body.body(new TrailerCarrier(body.stream(), fromTarget, toClient), body.length(),
        body.mediaType()));
    }
  }

  /** Only an HTTP/2 response or a chunked HTTP/1.1 one (of no declared length) can carry trailers. */
  private static boolean mayHaveTrailers(HttpClientResponse fromTarget, Body body) {
    return fromTarget.version() == HttpVersion.HTTP_2 || body.length() < 0;
  }

  /** The target's body, ending only once the target's trailers are on the client's response. */
  private static final class TrailerCarrier extends ForwardingBody {

    private final HttpClientResponse fromTarget;
    private final HttpServerResponse toClient;

    TrailerCarrier(ReadStream<Buffer> body, HttpClientResponse fromTarget, HttpServerResponse toClient) {
      super(body);
      this.fromTarget = fromTarget;
      this.toClient = toClient;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      source.exceptionHandler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      source.handler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
      if (endHandler == null) {
        source.endHandler(null);
      } else {
        source.endHandler(v -> {
          if (!fromTarget.trailers().isEmpty()) {
            toClient.trailers().addAll(fromTarget.trailers());
          }
          endHandler.handle(v);
        });
      }
      return this;
    }
  }
}
