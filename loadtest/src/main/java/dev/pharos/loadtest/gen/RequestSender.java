package dev.pharos.loadtest.gen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Sends each request, picked from the scenario, to the next target in turn, over keep-alive HTTP/1.1 or HTTP/2
 * (h2 by ALPN for https targets, prior-knowledge h2c otherwise).
 */
final class RequestSender {

  private final HttpClient client;
  private final Targets targets;
  private final LoadSettings settings;

  RequestSender(Vertx vertx, LoadSettings settings, Targets targets) {
    this.settings = settings;
    this.targets = targets;
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(true);
    if (settings.insecure()) {
      options.setTrustAll(true).setVerifyHost(false);
    }
    if (settings.http2()) {
      // Over TLS, ALPN negotiates h2; in clear text the client speaks it with prior knowledge.
      options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true).setHttp2ClearTextUpgrade(false);
    }
    PoolOptions pool = new PoolOptions()
        .setHttp1MaxSize(settings.connections())
        .setHttp2MaxSize(settings.connections());
    this.client = vertx.httpClientBuilder().with(options).with(pool).build();
  }

  /** Sends a request; {@code done} gets null on success, else the kind of error. Callable from any thread. */
  void send(Consumer<ErrorKind> done) {
    attempt(targets.next(), settings.scenario().pick(), settings.connectionRetries(), done);
  }

  private void attempt(Targets.Endpoint target, Scenario.Entry entry, int retriesLeft, Consumer<ErrorKind> done) {
    RequestOptions options = new RequestOptions()
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setURI(target.requestUri())
        .setMethod(entry.method())
        .setTimeout(settings.timeout().toMillis());
    if (entry.path() != null) {
      options.setURI(entry.path());
    }
    if (target.server() != null) {
      options.setServer(target.server());
    }
    if (!settings.connectTimeout().isZero()) {
      options.setConnectTimeout(settings.connectTimeout().toMillis());
    }
    boolean[] connected = new boolean[1];
    client.request(options)
        .compose(request -> {
          connected[0] = true;
          return sendWithHeaders(request, entry);
        })
        .onComplete(status -> {
          if (status.failed() && retriesLeft > 0 && isConnectionFailure(connected[0], status.cause())) {
            attempt(targets.after(target), entry, retriesLeft - 1, done);
          } else {
            done.accept(status.succeeded() ? ErrorKind.ofStatus(status.result()) : ErrorKind.ofFailure(status.cause()));
          }
        });
  }

  /**
   * No connection within the connect timeout (refused, unreachable, too slow), or the connection closed or was reset
   * before an answer (a kept-alive connection the server was closing). Retried whatever the method, as a test client
   * of idempotent requests would. A reset reaches the native transport as its own {@link IOException}, not a
   * {@link java.net.SocketException}.
   */
  private static boolean isConnectionFailure(boolean connected, Throwable failure) {
    return !connected || failure instanceof HttpClosedException || failure instanceof IOException;
  }

  private Future<Integer> sendWithHeaders(HttpClientRequest request, Scenario.Entry entry) {
    settings.headers().forEach((name, value) -> {
      if (name.equalsIgnoreCase("host")) {
        setHost(request, value);
      } else {
        request.putHeader(name, value);
      }
    });
    if (entry.host() != null) {
      setHost(request, entry.host());
    }
    Future<HttpClientResponse> sent = entry.body() == null ? request.send() : request.send(entry.body());
    return sent.compose(response -> response.end().map(v -> response.statusCode()));
  }

  /** The authority is what both HTTP/1.1 (Host) and HTTP/2 (:authority) put on the wire. */
  private static void setHost(HttpClientRequest request, String host) {
    request.authority(HostAndPort.parseAuthority(host, -1));
  }

  Future<Void> close() {
    return client.close();
  }
}
