package dev.pharos.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.Objects;

/**
 * Serves the admin API on {@link AdminConfig#host()}:{@link AdminConfig#port()}. Deploy one instance per node; the
 * listener closes when the verticle is undeployed.
 */
public final class AdminVerticle extends VerticleBase {

  /** The OpenAPI document, a classpath resource served at {@code /api/v1/openapi.yaml}. */
  static final String OPENAPI_RESOURCE = "dev/pharos/admin/openapi.yaml";

  private final AdminConfig config;
  private final ConfigStore store;
  private final ClusterView cluster;
  private final Readiness readiness;
  private final MetricsSource metrics;
  private final HealthView health;

  // Written once on this verticle's context when the listener is bound, read by whoever deployed it.
  private volatile HttpServer server;

  public AdminVerticle(AdminConfig config, ConfigStore store, ClusterView cluster, Readiness readiness,
                       MetricsSource metrics, HealthView health) {
    this.config = Objects.requireNonNull(config, "config");
    this.store = Objects.requireNonNull(store, "store");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.readiness = Objects.requireNonNull(readiness, "readiness");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.health = Objects.requireNonNull(health, "health");
  }

  @Override
  public Future<?> start() {
    return Future.all(vertx.fileSystem().readFile(OPENAPI_RESOURCE),
        vertx.fileSystem().readFile(DashboardPage.PAGE_RESOURCE))
      .compose(files -> vertx
        .createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
          // The API is HTTP/1.1 only; an h2c upgrade would carry HTTP/1.1 framing headers into HTTP/2 frames.
          .setHttp2ClearTextEnabled(false))
        .requestHandler(AdminRouter.create(vertx, config, store, cluster, readiness, metrics, health,
          files.resultAt(0), files.resultAt(1)))
        .listen())
      .onSuccess(listening -> server = listening);
  }

  /**
   * The port the API listens on: the configured one, or the one the system chose when that was 0.
   *
   * @throws IllegalStateException before the verticle has started
   */
  public int actualPort() {
    HttpServer listening = server;
    if (listening == null) {
      throw new IllegalStateException("the admin verticle has not started");
    }
    return listening.actualPort();
  }
}
