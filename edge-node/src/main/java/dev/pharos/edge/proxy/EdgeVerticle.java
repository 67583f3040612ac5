package dev.pharos.edge.proxy;

import dev.pharos.edge.routing.LiveRouteTable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;

import java.util.Objects;

/**
 * One HTTP listener and its upstream client, on one event loop. Deploy one instance per loop: Vert.x shares the
 * listening port among them, and since each instance's client pools its connections on the instance's own loop
 * (pool event-loop size 0), a request and its upstream exchange never change threads.
 *
 * <p>The server and client are closed with the verticle when it is undeployed.
 */
public final class EdgeVerticle extends VerticleBase {

  private final ProxySettings settings;
  private final LiveRouteTable routes;
  private final EdgeObserver observer;

  // Set once in start(), on this verticle's event loop.
  private HttpServer server;

  /** A listener whose connections and requests nobody observes. */
  public EdgeVerticle(ProxySettings settings, LiveRouteTable routes) {
    this(settings, routes, EdgeObserver.NONE);
  }

  public EdgeVerticle(ProxySettings settings, LiveRouteTable routes, EdgeObserver observer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.routes = Objects.requireNonNull(routes, "routes");
    this.observer = Objects.requireNonNull(observer, "observer");
  }

  @Override
  public Future<?> start() {
    HttpClient client = vertx.httpClientBuilder()
      .with(new HttpClientOptions().setKeepAlive(true))
      .with(new PoolOptions()
        .setHttp1MaxSize(settings.maxConnectionsPerTarget())
        .setMaxWaitQueueSize(settings.maxPendingPerTarget())
        .setEventLoopSize(0))
      .build();
    // h2c upgrades are refused until the pipeline speaks HTTP/2 end to end: an upgraded stream breaks on the
    // HTTP/1.1 framing headers the upstream response carries. Clients that ask simply stay on HTTP/1.1.
    server = vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(listenPort())
        .setHttp2ClearTextEnabled(false))
      .connectionHandler(connection -> {
        observer.connectionOpened();
        connection.closeHandler(closed -> observer.connectionClosed());
      })
      .requestHandler(EdgePipeline.create(settings, routes, client, observer));
    return server.listen();
  }

  /**
   * Vert.x shares one listener among instances for a fixed port or a negative one, but gives each instance listening on
   * port 0 a port of its own; -1 binds a free port once and shares it among every instance asking for -1.
   */
  private int listenPort() {
    return settings.httpPort() == 0 ? -1 : settings.httpPort();
  }

  /**
   * The port the listener is bound to, which differs from {@link ProxySettings#httpPort()} when that is 0. Valid once
   * the deployment has completed.
   */
  public int actualPort() {
    return server.actualPort();
  }
}
