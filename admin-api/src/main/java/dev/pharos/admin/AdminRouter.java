package dev.pharos.admin;

import dev.pharos.model.Route;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.HttpException;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Every endpoint of the admin API, in one place. */
final class AdminRouter {

  static final String API = "/api/v1";

  private AdminRouter() {
  }

  static Router create(Vertx vertx, AdminConfig config, ConfigStore store, ClusterView cluster, Readiness readiness,
                       MetricsSource metrics, HealthView targetHealth, Buffer openApi, Buffer dashboard) {
    ConfigWriter writer = new ConfigWriter(store, cluster, config.applyWaitTimeout());
    ResourceHandlers<Route> routes = new ResourceHandlers<>(ResourceKind.ROUTES, store, writer);
    ResourceHandlers<Upstream> upstreams = new ResourceHandlers<>(ResourceKind.UPSTREAMS, store, writer);
    ConfigHandlers configs = new ConfigHandlers(store, writer);
    HistoryHandlers history = new HistoryHandlers(store, writer);
    ClusterHandler members = new ClusterHandler(store, cluster);
    HealthHandlers health = new HealthHandlers(readiness);
    TargetHealthHandler targets = new TargetHealthHandler(store, targetHealth);
    JsonBodyHandler json = new JsonBodyHandler(config.maxBodyBytes());
    ProblemHandler problems = new ProblemHandler(config.maxBodyBytes());
    EventStreams events = new EventStreams(vertx, members, targets, config);

    Router router = Router.router(vertx);
    DashboardPage.mount(router, dashboard);
    router.get("/healthz").handler(health::live);
    router.get("/readyz").handler(health::ready);
    // Scraping reads every meter, the JVM's included: a worker does it, not the admin event loop.
    router.get("/metrics").blockingHandler(ctx -> ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, MetricsSource.CONTENT_TYPE)
      .end(metrics.scrape()));

    if (config.token() != null) {
      router.route(API + "/*").handler(new BearerAuth(config.token(), config.tokenName()));
    }
    router.get(API + "/openapi.yaml").handler(ctx -> ctx.response()
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml")
      .end(openApi));

    router.get(API + "/routes").respond(routes::list);
    router.get(API + "/routes/:id").respond(routes::get);
    router.put(API + "/routes/:id").handler(json).respond(routes::put);
    router.delete(API + "/routes/:id").respond(routes::delete);

    router.get(API + "/upstreams").respond(upstreams::list);
    router.get(API + "/upstreams/:id").respond(upstreams::get);
    router.put(API + "/upstreams/:id").handler(json).respond(upstreams::put);
    router.delete(API + "/upstreams/:id").respond(upstreams::delete);

    router.get(API + "/config").respond(configs::get);
    router.put(API + "/config").handler(json).respond(configs::put);
    router.get(API + "/config/history").respond(history::list);
    router.get(API + "/config/history/:version").respond(history::get);
    router.post(API + "/config/rollback").handler(json).respond(history::rollback);

    router.get(API + "/cluster").respond(ctx -> members.members());
    router.get(API + "/health").respond(ctx -> targets.upstreams());
    router.get(API + "/events").handler(events::open);

    refuseOtherMethods(router);
    router.route().failureHandler(problems);
    router.errorHandler(404, problems);
    return router;
  }

  /**
   * Adds, for each path above, a last route that fails with 405 and the {@code Allow} header. The allowed methods are
   * read back from the router, so they cannot drift from the endpoints.
   */
  private static void refuseOtherMethods(Router router) {
    Map<String, Set<HttpMethod>> allowed = new LinkedHashMap<>();
    for (io.vertx.ext.web.Route route : router.getRoutes()) {
      Set<HttpMethod> methods = route.methods();
      if (route.getPath() != null && methods != null && !methods.isEmpty()) {
        allowed.computeIfAbsent(route.getPath(), path -> new TreeSet<>(Comparator.comparing(HttpMethod::name)))
          .addAll(methods);
      }
    }
    allowed.forEach((path, methods) -> {
      String allow = methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
      router.route(path).handler(ctx -> {
        ctx.response().putHeader(HttpHeaders.ALLOW, allow);
        ctx.fail(new HttpException(405, ctx.request().method() + " is not allowed here (allowed: " + allow + ")"));
      });
    });
  }
}
