package dev.pharos.edge.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.util.List;
import java.util.function.Function;

/**
 * An HTTP client for the edge under test: connects to a loopback port and sends whatever {@code Host} the test names
 * (on port 80, so the header carries the bare name). Its blocking calls are for test threads only.
 */
public final class TestClient {

  /** A complete response. */
  public record Reply(int status, MultiMap headers, String body) {

    public String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpClient client;
  private final SocketAddress server;

  public TestClient(Vertx vertx, int port) {
    this.client = vertx.createHttpClient();
    this.server = SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  public Reply get(String host, String uri) {
    return getAsync(host, uri).await();
  }

  public Future<Reply> getAsync(String host, String uri) {
    return exchange(HttpMethod.GET, host, uri, MultiMap.caseInsensitiveMultiMap(), HttpClientRequest::end);
  }

  public Reply get(String host, String uri, MultiMap headers) {
    return send(HttpMethod.GET, host, uri, headers, null);
  }

  /** Sends a request with a body of known length ({@code body} null: none). */
  public Reply send(HttpMethod method, String host, String uri, MultiMap headers, Buffer body) {
    return exchange(method, host, uri, headers, request -> body == null ? request.end() : request.end(body)).await();
  }

  /** Sends a chunked body, one chunk per element. */
  public Reply sendChunked(HttpMethod method, String host, String uri, List<Buffer> chunks) {
    return exchange(method, host, uri, MultiMap.caseInsensitiveMultiMap(), request -> {
      request.setChunked(true);
      chunks.forEach(request::write);
      return request.end();
    }).await();
  }

  private Future<Reply> exchange(HttpMethod method, String host, String uri, MultiMap headers,
                                 Function<HttpClientRequest, Future<Void>> writer) {
    RequestOptions options = new RequestOptions()
      .setServer(server).setMethod(method).setHost(host).setPort(80).setURI(uri).setHeaders(headers);
    return client.request(options).compose(request -> {
      writer.apply(request);
      return request.response().compose(response -> response.body()
        .map(body -> new Reply(response.statusCode(), response.headers(), body.toString())));
    });
  }
}
