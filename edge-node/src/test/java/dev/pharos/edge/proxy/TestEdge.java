package dev.pharos.edge.proxy;

import dev.pharos.edge.limits.ConnectionLimiter;
import dev.pharos.edge.routing.LiveRouteTable;
import dev.pharos.edge.routing.RouteTable;
import dev.pharos.edge.testing.TestClient;
import dev.pharos.edge.ratelimit.RateLimitObserver;
import dev.pharos.edge.ratelimit.RateLimitSettings;
import dev.pharos.edge.ratelimit.RateLimiter;
import dev.pharos.edge.tls.HttpsListener;
import dev.pharos.edge.tls.ServerCertificates;
import dev.pharos.edge.upstream.Balancers;
import dev.pharos.edge.upstream.StickyKey;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An edge deployed on a free loopback port, with a route table the test swaps. Each edge is a node of its own: its
 * in-flight counts are its own, and its sticky-session key is the one given (a random one by default). Call from a
 * test thread.
 */
final class TestEdge {

  static final String NODE = "edge-test-1";

  private final LiveRouteTable routes = new LiveRouteTable();
  private final Balancers balancers;
  private final ConnectionLimiter connections;
  private final List<EdgeVerticle> verticles = new CopyOnWriteArrayList<>();
  private final List<FinishedRequest> finished = new CopyOnWriteArrayList<>();
  private final TestClient client;
  private final int port;
  private long version;

  private TestEdge(Vertx vertx, ProxySettings settings, int instances, StickyKey stickyKey) {
    this(vertx, settings, instances, stickyKey, null);
  }

  private TestEdge(Vertx vertx, ProxySettings settings, int instances, StickyKey stickyKey, HttpsListener https) {
    this.balancers = new Balancers(stickyKey);
    this.connections = ConnectionLimiter.of(settings.limits());
    RateLimiter limiter = RateLimiter.standalone(vertx, RateLimitSettings.DEFAULTS, RateLimitObserver.NONE);
    limiter.start().await();
    vertx.deployVerticle(() -> {
      EdgeVerticle verticle = new EdgeVerticle(settings, routes, finished::add, connections, limiter, https, null);
      verticles.add(verticle);
      return verticle;
    }, new DeploymentOptions().setInstances(instances)).await();
    port = verticles.get(0).actualPort();
    client = new TestClient(vertx, port);
  }

  /** An edge with an HTTPS listener on a free port too, serving {@code certificates}. */
  static TestEdge startHttps(Vertx vertx, ProxySettings settings, int instances, ServerCertificates certificates) {
    return new TestEdge(vertx, settings, instances, StickyKey.random(), new HttpsListener(0, certificates));
  }

  /** The HTTPS listener's port; -1 when the edge has none. */
  int httpsPort() {
    return verticles.get(0).actualHttpsPort();
  }

  static ProxySettings settings() {
    return ProxySettings.of(0, NODE).withHost("127.0.0.1");
  }

  static TestEdge start(Vertx vertx, int instances) {
    return new TestEdge(vertx, settings(), instances, StickyKey.random());
  }

  static TestEdge start(Vertx vertx, ProxySettings settings) {
    return new TestEdge(vertx, settings, 1, StickyKey.random());
  }

  /** An edge holding {@code stickyKey}, as a node of a cluster whose key it is would. */
  static TestEdge start(Vertx vertx, StickyKey stickyKey) {
    return new TestEdge(vertx, settings(), 1, stickyKey);
  }

  /** Replaces the route table; the next request sees the new one. */
  TestEdge routes(List<Route> routeList, List<Upstream> upstreams) {
    routes.swap(RouteTable.compile(ConfigSnapshot.of(++version, routeList, upstreams), balancers));
    return this;
  }

  /** Routes every request for {@code host} to {@code upstream}. */
  TestEdge route(String host, Upstream upstream) {
    return routes(List.of(Route.of(upstream.id(), host, "/", upstream.id())), List.of(upstream));
  }

  /** This edge's count of requests in flight to {@code target}. */
  int inFlight(Target target) {
    return balancers.inFlight(target.address());
  }

  /** The requests that ended so far, as the access log sees them. */
  List<FinishedRequest> finished() {
    return List.copyOf(finished);
  }

  /** Drops the requests that ended so far: a test that sends thousands measures the heap without them. */
  void forgetFinished() {
    finished.clear();
  }

  /** The one request that ended on this edge, once it has (waiting up to 10 s). */
  FinishedRequest onlyFinished() {
    await().atMost(Duration.ofSeconds(10)).until(() -> !finished.isEmpty());
    assertThat(finished).hasSize(1);
    return finished.get(0);
  }

  /** The node's count of open client connections. */
  ConnectionLimiter connections() {
    return connections;
  }

  List<EdgeVerticle> verticles() {
    return List.copyOf(verticles);
  }

  TestClient client() {
    return client;
  }

  int port() {
    return port;
  }
}
