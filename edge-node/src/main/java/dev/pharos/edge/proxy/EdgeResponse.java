package dev.pharos.edge.proxy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.Pipe;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.util.stream.Collector;

/**
 * What the edge's own responses ({@link TargetResponse}, {@link HitResponse}) share: the status line and body the
 * stages read and replace, and how a body is framed on its way to the client. The library's own cache, which these
 * accessors would feed, is not in use.
 */
abstract class EdgeResponse implements ProxyResponse {

  private static final Collector<Buffer, Buffer, Buffer> CONCATENATED =
    Collector.of(Buffer::buffer, Buffer::appendBuffer, Buffer::appendBuffer);

  // Null for an answer from the cache given before the library made a request of its own.
  final ProxyRequest request;
  final HttpServerRequest client;
  final HttpServerResponse toClient;
  int statusCode;
  String statusMessage;
  Body body;

  EdgeResponse(HttpServerRequest client, ProxyRequest request, int statusCode, String statusMessage, Body body) {
    this.request = request;
    this.client = client;
    this.toClient = client.response();
    this.statusCode = statusCode;
    this.statusMessage = statusMessage;
    this.body = body;
  }

  @Override
  public ProxyRequest request() {
    return request;
  }

  @Override
  public int getStatusCode() {
    return statusCode;
  }

  @Override
  public ProxyResponse setStatusCode(int statusCode) {
    this.statusCode = statusCode;
    return this;
  }

  @Override
  public String getStatusMessage() {
    return statusMessage;
  }

  @Override
  public ProxyResponse setStatusMessage(String statusMessage) {
    this.statusMessage = statusMessage;
    return this;
  }

  @Override
  public ProxyResponse putHeader(CharSequence name, CharSequence value) {
    headers().set(name, value);
    return this;
  }

  @Override
  public Body getBody() {
    return body;
  }

  @Override
  public ProxyResponse setBody(Body body) {
    this.body = body;
    return this;
  }

  @Override
  public boolean publicCacheControl() {
    return false;
  }

  @Override
  public long maxAge() {
    return -1;
  }

  @Override
  public String etag() {
    return headers().get(HttpHeaders.ETAG);
  }

  /** Puts the status line on the client's response. */
  void writeStatus() {
    toClient.setStatusCode(statusCode);
    if (statusMessage != null) {
      toClient.setStatusMessage(statusMessage);
    }
  }

  /**
   * Streams {@code body} to the client, framed by its length when it has one, else chunked, or gathered and sent with
   * its length to an HTTP/1.0 client, which cannot read a chunked body. {@code onBroken} runs when the stream fails
   * part way, once the client has part of the response.
   */
  Future<Void> sendStreamed(Body body, Runnable onBroken) {
    if (body.mediaType() != null) {
      toClient.putHeader(HttpHeaders.CONTENT_TYPE, body.mediaType());
    }
    long length = body.length();
    if (length >= 0) {
      toClient.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    } else if (client.version() == HttpVersion.HTTP_1_0) {
      ReadStream<Buffer> stream = body.stream();
      Future<Buffer> whole = stream.collect(CONCATENATED);
      stream.resume();
      return whole.compose(toClient::end);
    } else {
      toClient.setChunked(true);
    }
    Pipe<Buffer> pipe = body.stream().pipe();
    pipe.endOnSuccess(true);
    pipe.endOnFailure(false);
    return pipe.to(toClient).onFailure(failure -> onBroken.run());
  }
}
