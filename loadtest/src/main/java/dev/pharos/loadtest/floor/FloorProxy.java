package dev.pharos.loadtest.floor;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.List;
import java.util.Map;

/**
 * The least an HTTP/1.1 reverse proxy on Vert.x does, to measure Pharos against the framework it is built on: each
 * request goes to one origin over a pooled keep-alive connection, with its headers (less hop-by-hop ones) and
 * {@code X-Forwarded-For}, and the origin's status, headers and body are streamed back. No routing, no timeouts, no
 * error pages beyond an empty 502, no stages: what this does per second on a core is the ceiling of a proxy on
 * Vert.x's HTTP client and server there, and the gap between it and Pharos is the cost of Pharos's own work.
 *
 * <p>Built as Pharos's listeners and upstream clients are: native transport when it loads, two verticles per core,
 * HTTP/1.1 bodies read in pieces of up to 64 KiB.
 *
 * <p>Usage: {@code java -cp pharos-load.jar dev.pharos.loadtest.floor.FloorProxy LISTEN_PORT ORIGIN_PORT} (both on
 * 127.0.0.1).
 */
public final class FloorProxy extends VerticleBase {

  private static final int MAX_CHUNK_BYTES = 64 * 1024;
  private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-authenticate",
    "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
  private static final CharSequence X_FORWARDED_FOR = HttpHeaders.createOptimized("x-forwarded-for");

  private final int listenPort;
  private final int originPort;
  private HttpClient origin;

  private FloorProxy(int listenPort, int originPort) {
    this.listenPort = listenPort;
    this.originPort = originPort;
  }

  /** Deploys the proxy on {@code vertx}, two verticles per core; completes once it listens. */
  public static Future<String> deploy(Vertx vertx, int listenPort, int originPort) {
    int instances = 2 * Runtime.getRuntime().availableProcessors();
    return vertx.deployVerticle(() -> new FloorProxy(listenPort, originPort),
      new DeploymentOptions().setInstances(instances));
  }

  @Override
  public Future<?> start() {
    origin = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxChunkSize(MAX_CHUNK_BYTES),
      new PoolOptions().setHttp1MaxSize(256));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(listenPort)
        .setMaxChunkSize(MAX_CHUNK_BYTES))
      .requestHandler(this::forward)
      .listen();
  }

  private void forward(HttpServerRequest request) {
    request.pause();
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(originPort)
      .setMethod(request.method()).setURI(request.uri());
    origin.request(options)
      .compose(toOrigin -> {
        copyEndToEnd(request.headers(), toOrigin.headers());
        toOrigin.headers().add(X_FORWARDED_FOR, request.remoteAddress().hostAddress());
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
          toOrigin.putHeader(HttpHeaders.CONTENT_LENGTH, length);
        } else if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
          toOrigin.setChunked(true);
        } else {
          request.resume();
          return toOrigin.send();
        }
        return toOrigin.send(request);
      })
      .onComplete(answered -> {
        HttpServerResponse response = request.response();
        if (answered.failed()) {
          response.setStatusCode(502).end();
          return;
        }
        HttpClientResponse fromOrigin = answered.result();
        response.setStatusCode(fromOrigin.statusCode());
        copyEndToEnd(fromOrigin.headers(), response.headers());
        response.send(fromOrigin);
      });
  }

  private static void copyEndToEnd(MultiMap from, MultiMap to) {
    for (Map.Entry<String, String> header : from) {
      if (!isHopByHop(header.getKey())) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }

  private static boolean isHopByHop(String name) {
    for (String listed : HOP_BY_HOP) {
      if (listed.length() == name.length() && listed.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: FloorProxy LISTEN_PORT ORIGIN_PORT");
      System.exit(2);
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    deploy(vertx, Integer.parseInt(args[0]), Integer.parseInt(args[1]))
      .onSuccess(id -> System.out.println("floor proxy on 127.0.0.1:" + args[0] + " -> 127.0.0.1:" + args[1]))
      .onFailure(failure -> {
        failure.printStackTrace();
        System.exit(1);
      });
  }
}
