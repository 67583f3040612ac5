package dev.pharos.admin.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * An HTTP client for the admin API on loopback. The plain methods block the calling test thread until the answer
 * arrives (never call them on a Vert.x thread); {@link #send} is the asynchronous form.
 */
public final class AdminClient {

  private static final long TIMEOUT_SECONDS = 10;

  private final Context context;
  private final HttpClient http;
  private final String token;

  public AdminClient(Vertx vertx, int port, String token) {
    this(vertx.getOrCreateContext(),
      vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)), token);
  }

  private AdminClient(Context context, HttpClient http, String token) {
    this.context = context;
    this.http = http;
    this.token = token;
  }

  /** The same server with another bearer token, or none when {@code token} is null. */
  public AdminClient withToken(String token) {
    return new AdminClient(context, http, token);
  }

  /** @param headers name, value, name, value… */
  public Reply get(String uri, String... headers) {
    return await(send(HttpMethod.GET, uri, headers(headers), null));
  }

  /** Sends {@code body} as {@code application/json} unless {@code headers} name another Content-Type. */
  public Reply put(String uri, JsonObject body, String... headers) {
    return put(uri, body.encode(), headers);
  }

  public Reply put(String uri, String body, String... headers) {
    return await(send(HttpMethod.PUT, uri, jsonHeaders(headers), Buffer.buffer(body)));
  }

  /** Sends {@code body} as {@code application/json} unless {@code headers} name another Content-Type. */
  public Reply post(String uri, JsonObject body, String... headers) {
    return await(send(HttpMethod.POST, uri, jsonHeaders(headers), body.toBuffer()));
  }

  public Reply post(String uri, String body, String... headers) {
    return await(send(HttpMethod.POST, uri, jsonHeaders(headers), Buffer.buffer(body)));
  }

  private static MultiMap jsonHeaders(String... namesAndValues) {
    MultiMap map = headers(namesAndValues);
    if (!map.contains(HttpHeaders.CONTENT_TYPE)) {
      map.set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    return map;
  }

  public Reply delete(String uri, String... headers) {
    return await(send(HttpMethod.DELETE, uri, headers(headers), null));
  }

  /**
   * Every request starts on the one context of this client, so that its connections live on that context's event
   * loop and the response arrives on the thread that asks for its body. Requested from another loop, Vert.x 5.0.7 can
   * lose the end of a small body (eclipse-vertx/vert.x#6038, fixed after 5.0.7), and the test would hang.
   */
  public Future<Reply> send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri).setHeaders(headers);
    if (token != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }
    Promise<Reply> reply = Promise.promise();
    context.runOnContext(v -> http.request(options)
      .compose(request -> body == null ? request.send() : request.send(body))
      .compose(response -> response.body()
        .map(received -> new Reply(response.statusCode(), response.headers(), received)))
      .onComplete(reply));
    return reply.future();
  }

  /** Sends {@code body} as JSON in two chunks, without a Content-Length, as a streaming client would. */
  public Reply putChunked(String uri, String body) {
    int half = body.length() / 2;
    Promise<Reply> reply = Promise.promise();
    context.runOnContext(v -> http.request(HttpMethod.PUT, uri)
      .compose(request -> {
        request.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (token != null) {
          request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        request.write(body.substring(0, half));
        request.end(body.substring(half));
        return request.response();
      })
      .compose(response -> response.body()
        .map(received -> new Reply(response.statusCode(), response.headers(), received)))
      .onComplete(reply));
    return await(reply.future());
  }

  public static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  public static Reply await(Future<Reply> reply) {
    try {
      return reply.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no answer from the admin API", e);
    }
  }
}
