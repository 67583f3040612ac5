package dev.pharos.edge.proxy;

import dev.pharos.edge.cache.StoredHead;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

/**
 * An answer from the cache, written straight onto the client's response. The library's own response would copy the
 * stored fields into a map of its own and then into the client's, parse and format {@code Date} every time, and
 * stream the body through a pipe; this one adds the stored response's prepared {@link StoredHead} once and ends with
 * the stored body buffer, shared and not copied.
 *
 * <p>A hit the front of the pipeline serves has no library request ({@link #request()} is null); other answers
 * from the cache pass through the stages' response hooks as any response. Its {@link #headers()} are the client response's own, so
 * what a stage puts there goes to the client and replaces a stored field of the same name. Touched on the request's
 * event loop only.
 */
final class HitResponse extends EdgeResponse {

  // Null once released, or when the answer has no head of stored fields.
  private StoredHead head;
  // The Content-Length of an answer to HEAD: the stored body's; -1 for other answers without a body.
  private long headLength = -1;

  // A null body is an answer without one (HEAD, 304).
  private HitResponse(HttpServerRequest client, ProxyRequest request, int status, StoredHead head, Body body) {
    super(client, request, status, null, body);
    this.head = head;
  }

  /** The stored response with its body. */
  static HitResponse withBody(HttpServerRequest client, ProxyRequest request, int status, StoredHead head,
                              Buffer body, String mediaType) {
    return new HitResponse(client, request, status, head, new StoredBody(body, mediaType));
  }

  /** The stored response's head alone, for HEAD: its Content-Length says how long the body would be. */
  static HitResponse headOnly(HttpServerRequest client, ProxyRequest request, int status, StoredHead head,
                              long bodyLength) {
    HitResponse response = new HitResponse(client, request, status, head, null);
    response.headLength = bodyLength;
    return response;
  }

  /** A 304 with the fields {@code head} holds. */
  static HitResponse notModified(HttpServerRequest client, ProxyRequest request, StoredHead head) {
    return new HitResponse(client, request, 304, head, null);
  }

  @Override
  public MultiMap headers() {
    return toClient.headers();
  }

  @Override
  public ProxyResponse setBody(Body body) {
    this.body = body;
    headLength = -1;
    return this;
  }

  /** None: it answers without asking the origin. */
  @Override
  public HttpClientResponse proxiedResponse() {
    return null;
  }

  @Override
  public Future<Void> send() {
    writeStatus();
    MultiMap headers = toClient.headers();
    if (head != null) {
      head.addTo(headers);
    }
    if (head == null || !head.hasDate()) {
      // RFC 9110 §6.6.1: a response without Date gets one from the recipient that forwards it.
      headers.set(HttpHeaders.DATE, CurrentDate.now());
    }
    if (body instanceof StoredBody stored) {
      headers.set(HttpHeaders.CONTENT_LENGTH, Integer.toString(stored.buffer().length()));
      return toClient.end(stored.buffer());
    }
    if (body != null) {
      // Set by a stage in place of the stored one.
      return sendStreamed(body, toClient::reset);
    }
    if (headLength >= 0) {
      headers.set(HttpHeaders.CONTENT_LENGTH, Long.toString(headLength));
    }
    return toClient.end();
  }

  /** Forgets the stored head and body, and whatever fields the stages put, unless the head is already written. */
  @Override
  public ProxyResponse release() {
    head = null;
    body = null;
    headLength = -1;
    if (!toClient.headWritten()) {
      toClient.headers().clear();
    }
    return this;
  }

  /** A stored body with its stored media type. */
  private record StoredBody(Buffer buffer, String mediaType) implements Body {

    @Override
    public long length() {
      return buffer.length();
    }

    @Override
    public ReadStream<Buffer> stream() {
      return Body.body(buffer).stream();
    }
  }
}
