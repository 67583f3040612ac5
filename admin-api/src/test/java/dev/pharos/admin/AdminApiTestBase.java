package dev.pharos.admin;

import dev.pharos.admin.testing.AdminClient;
import dev.pharos.admin.testing.FakeCluster;
import dev.pharos.admin.testing.InMemoryConfigStore;
import dev.pharos.admin.testing.Reply;
import dev.pharos.model.TargetEjection;
import dev.pharos.model.TargetStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts an admin verticle on a free loopback port over an {@link InMemoryConfigStore} and a {@link FakeCluster},
 * and gives each test a client that carries the right token. Vert.x, and with it the verticle, closes after each
 * test.
 */
@ExtendWith(VertxExtension.class)
abstract class AdminApiTestBase {

  static final String TOKEN = "test-token";
  static final String METRICS = "# TYPE pharos_test_total counter\npharos_test_total 1.0\n";

  Vertx vertx;
  InMemoryConfigStore store;
  FakeCluster cluster;
  final AtomicReference<String> notReadyReason = new AtomicReference<>();
  final AtomicReference<Map<String, TargetStatus>> targetHealth = new AtomicReference<>(Map.of());
  final AtomicReference<Map<String, TargetEjection>> ejections = new AtomicReference<>(Map.of());
  AdminClient client;

  @BeforeEach
  void startAdminApi(Vertx vertx) {
    this.vertx = vertx;
    store = new InMemoryConfigStore();
    cluster = new FakeCluster(vertx);
    client = deploy(AdminConfig.of("127.0.0.1", 0, TOKEN), store);
  }

  /** The health the test sets in {@link #targetHealth} and {@link #ejections}. */
  HealthView healthView() {
    return new HealthView() {
      @Override
      public Map<String, TargetStatus> targets() {
        return targetHealth.get();
      }

      @Override
      public Map<String, TargetEjection> ejections() {
        return ejections.get();
      }
    };
  }

  /** Deploys one more admin verticle, on a port of its own, and returns a client for it. */
  AdminClient deploy(AdminConfig config, ConfigStore configStore) {
    return new AdminClient(vertx, deployOnPort(config, configStore), config.token());
  }

  /** Deploys one more admin verticle, on a port of its own, and returns that port. */
  int deployOnPort(AdminConfig config, ConfigStore configStore) {
    AdminVerticle verticle = new AdminVerticle(config, configStore, cluster, notReadyReason::get,
      () -> METRICS, healthView());
    try {
      vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the admin verticle did not start", e);
    }
    return verticle.actualPort();
  }

  static JsonObject upstream(String... targets) {
    JsonArray json = new JsonArray();
    for (String target : targets) {
      String[] hostPort = target.split(":");
      json.add(new JsonObject().put("host", hostPort[0]).put("port", Integer.parseInt(hostPort[1])));
    }
    return new JsonObject().put("targets", json);
  }

  static JsonObject route(String pathPrefix, String upstream) {
    return new JsonObject().put("pathPrefix", pathPrefix).put("upstream", upstream);
  }

  /** Puts an upstream that must be accepted, as the setup of a test. */
  Reply givenUpstream(String id, String... targets) {
    Reply reply = client.put("/api/v1/upstreams/" + id, upstream(targets));
    assertThat(reply.status()).as("setting up upstream %s: %s", id, reply.body()).isIn(200, 201);
    return reply;
  }

  Reply givenRoute(String id, String pathPrefix, String upstream) {
    Reply reply = client.put("/api/v1/routes/" + id, route(pathPrefix, upstream));
    assertThat(reply.status()).as("setting up route %s: %s", id, reply.body()).isIn(200, 201);
    return reply;
  }

  static void assertProblem(Reply reply, int status) {
    assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotNull();
    assertThat(problem.getJsonArray("errors")).isNotNull();
  }
}
