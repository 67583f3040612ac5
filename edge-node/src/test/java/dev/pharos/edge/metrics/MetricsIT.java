package dev.pharos.edge.metrics;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.NodeFixtures;
import dev.pharos.edge.testing.PrometheusSamples;
import dev.pharos.edge.testing.TestClient;
import dev.pharos.edge.testing.TestSockets;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real node, its own cluster of one, in front of a real backend: what clients send shows in {@code /metrics} and in
 * the access log, and nothing a client invents becomes a label.
 */
class MetricsIT {

  private static final String CLUSTER = "metrics-it";
  private static final int BASE_PORT = 5901;

  static Vertx clientVertx;
  static EchoBackend backend;

  @TempDir
  Path dataDir;
  Path accessLog;
  PharosNode node;
  TestClient client;

  @BeforeAll
  static void startBackend() {
    clientVertx = Vertx.vertx();
    backend = EchoBackend.start(clientVertx, "backend");
  }

  @AfterAll
  static void stopBackend() {
    NodeFixtures.await(clientVertx.close());
  }

  @BeforeEach
  void startNode() {
    accessLog = dataDir.resolve("logs/access.log");
    node = NodeFixtures.await(PharosNode.start(NodeFixtures.settings(CLUSTER, BASE_PORT, 0, 1, dataDir,
      Map.of("PHAROS_ACCESS_LOG", accessLog.toString()))));
    client = new TestClient(clientVertx, node.httpPort());
  }

  @AfterEach
  void stopNode() {
    NodeFixtures.stopAll(List.of(node));
  }

  @Test
  void countersAndHistogramsFollowTrafficAndGaugesFollowTheNode() {
    long version = givenRoute("shop", "shop.example");
    long bodyBytes = 0;
    for (int i = 0; i < 25; i++) {
      TestClient.Reply reply = client.get("shop.example", "/cart/" + i);
      assertThat(reply.status()).isEqualTo(200);
      bodyBytes += reply.body().length();
    }
    for (int i = 0; i < 3; i++) {
      assertThat(client.get("nobody.example", "/").status()).isEqualTo(404);
    }

    PrometheusSamples metrics = scrape();

    assertThat(metrics.value("pharos_requests_total", Map.of("route", "shop", "method", "GET", "status_class", "2xx")))
      .isEqualTo(25);
    assertThat(metrics.value("pharos_requests_total", Map.of("route", "none", "method", "GET", "status_class", "4xx")))
      .isEqualTo(3);
    assertThat(metrics.value("pharos_request_duration_seconds_count", Map.of("route", "shop"))).isEqualTo(25);
    assertThat(metrics.value("pharos_request_duration_seconds_bucket", Map.of("route", "shop", "le", "+Inf")))
      .isEqualTo(25);
    assertThat(metrics.series("pharos_request_duration_seconds_bucket")
      .stream().filter(s -> s.labels().get("route").equals("shop"))).hasSize(12);
    assertThat(metrics.value("pharos_upstream_duration_seconds_count", Map.of("route", "shop"))).isEqualTo(25);
    assertThat(metrics.value("pharos_request_duration_seconds_count", Map.of("route", "none"))).isEqualTo(3);
    assertThat(metrics.value("pharos_upstream_duration_seconds_count", Map.of("route", "none"))).isZero();
    assertThat(metrics.value("pharos_sent_bytes_total", Map.of("route", "shop"))).isEqualTo(bodyBytes);
    assertThat(metrics.value("pharos_config_version", Map.of())).isEqualTo(version);
    assertThat(node.appliedVersion()).isEqualTo(version);
    assertThat(metrics.value("pharos_cluster_members", Map.of())).isEqualTo(1);
    assertThat(metrics.series("pharos_active_connections")).hasSize(1);
    assertThat(metrics.series("jvm_memory_used_bytes")).isNotEmpty();
    assertThat(metrics.series("netty_eventexecutor_tasks_pending")).isNotEmpty();
    assertThat(metrics.series("vertx_http_server_requests_total")).isEmpty();
  }

  @Test
  void labelsStayBoundedWhateverHostsPathsAndMethodsClientsSend() {
    givenRoute("bounded", "bounded.example");
    List<String> invented = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String host = i % 4 < 2 ? random(12) + ".example" : "bounded.example";
      HttpMethod method = i % 2 == 0 ? HttpMethod.GET : HttpMethod.valueOf(random(10).toUpperCase());
      String path = "/" + random(12) + "/" + random(12);
      invented.addAll(List.of(host, method.name(), path.substring(1, 13), path.substring(14)));

      TestClient.Reply reply = client.send(method, host, path, MultiMap.caseInsensitiveMultiMap(), null);
      assertThat(reply.status()).isEqualTo(host.equals("bounded.example") ? 200 : 404);
    }

    String text = Http.get(node.adminPort(), "localhost", "/metrics").body();
    List<PrometheusSamples.Sample> requests = new PrometheusSamples(text).series("pharos_requests_total");

    assertThat(requests).extracting(PrometheusSamples.Sample::labels).containsExactlyInAnyOrder(
      Map.of("route", "bounded", "method", "GET", "status_class", "2xx"),
      Map.of("route", "bounded", "method", "OTHER", "status_class", "2xx"),
      Map.of("route", "none", "method", "GET", "status_class", "4xx"),
      Map.of("route", "none", "method", "OTHER", "status_class", "4xx"));
    assertThat(requests).extracting(PrometheusSamples.Sample::value).containsOnly(125.0);
    invented.stream().filter(s -> !s.equals("GET") && !s.equals("bounded.example"))
      .forEach(s -> assertThat(text).doesNotContain(s));
  }

  @Test
  void accessLogLinesAreJsonWithTheClientsRequestIdAndEveryField() throws IOException {
    givenRoute("logged", "logged.example");

    TestClient.Reply ok = client.get("logged.example", "/cart?secret=1",
      MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "client-id-1"));
    TestClient.Reply missing = client.get("nobody.example", "/x",
      MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "client-id-2"));

    JsonObject line = awaitLine("client-id-1");
    assertThat(line.fieldNames()).containsExactly("time", "node", "requestId", "client", "method", "host", "path",
      "status", "bytesSent", "totalMs", "upstreamMs", "route", "target", "retries");
    assertThat(Instant.parse(line.getString("time"))).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(line.getString("node")).isEqualTo(node.settings().nodeName());
    assertThat(line.getString("client")).isEqualTo("127.0.0.1");
    assertThat(line.getString("method")).isEqualTo("GET");
    assertThat(line.getString("host")).isEqualTo("logged.example");
    assertThat(line.getString("path")).isEqualTo("/cart");
    assertThat(line.getInteger("status")).isEqualTo(200);
    assertThat(line.getLong("bytesSent")).isEqualTo(ok.body().length());
    assertThat(line.getDouble("totalMs")).isGreaterThanOrEqualTo(line.getDouble("upstreamMs"));
    assertThat(line.getDouble("upstreamMs")).isPositive();
    assertThat(line.getString("route")).isEqualTo("logged");
    assertThat(line.getString("target")).isEqualTo("127.0.0.1:" + backend.port());
    assertThat(line.getInteger("retries")).isZero();

    JsonObject edgeAnswer = awaitLine("client-id-2");
    assertThat(edgeAnswer.getInteger("status")).isEqualTo(404);
    assertThat(edgeAnswer.getLong("bytesSent")).isEqualTo(missing.body().length());
    assertThat(edgeAnswer.getValue("route")).isNull();
    assertThat(edgeAnswer.getValue("target")).isNull();
    assertThat(edgeAnswer.getValue("upstreamMs")).isNull();
  }

  @Test
  void requestsTheDecoderRefusesAreLoggedAndCountedWithoutInventingAMethodOrPath() {
    String response = TestSockets.exchange(node.httpPort(),
      "POST /cart HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
    Matcher requestId = Pattern.compile("(?i)\r\nx-request-id: ([^\r]+)\r\n").matcher(response);
    assertThat(response).startsWith("HTTP/1.1 400 ");
    assertThat(requestId.find()).isTrue();

    JsonObject line = awaitLine(requestId.group(1));
    assertThat(line.getInteger("status")).isEqualTo(400);
    assertThat(line.getString("client")).isEqualTo("127.0.0.1");
    assertThat(line.getValue("method")).isNull();
    assertThat(line.getValue("path")).isNull();
    assertThat(line.getValue("route")).isNull();
    assertThat(scrape().value("pharos_requests_total", Map.of("route", "none", "method", "OTHER", "status_class",
      "4xx"))).isEqualTo(1);
  }

  /** Puts an upstream on the backend and a route for {@code host}, and returns the config version serving them. */
  private long givenRoute(String id, String host) {
    JsonObject targets = new JsonObject().put("targets", new JsonArray().add(new JsonObject()
      .put("host", "127.0.0.1").put("port", backend.port())));
    // A member that has just started refuses writes (503) until it has seen its own quorum.
    HttpResponse<String> upstream = await().atMost(Duration.ofSeconds(20)).until(() -> Http.admin("PUT",
      node.adminPort(), "/api/v1/upstreams/" + id + "?wait=applied", targets), r -> r.statusCode() != 503);
    assertThat(upstream.statusCode()).isEqualTo(201);
    HttpResponse<String> route = Http.admin("PUT", node.adminPort(), "/api/v1/routes/" + id + "?wait=applied",
      new JsonObject().put("hosts", new JsonArray().add(host)).put("upstream", id));
    assertThat(route.statusCode()).isEqualTo(201);
    return Long.parseLong(route.headers().firstValue("X-Config-Version").orElseThrow());
  }

  private PrometheusSamples scrape() {
    HttpResponse<String> response = Http.get(node.adminPort(), "localhost", "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    return new PrometheusSamples(response.body());
  }

  private JsonObject awaitLine(String requestId) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> findLine(requestId), Optional::isPresent).orElseThrow();
  }

  private Optional<JsonObject> findLine(String requestId) throws IOException {
    if (!Files.exists(accessLog)) {
      return Optional.empty();
    }
    return Files.readAllLines(accessLog).stream().map(JsonObject::new)
      .filter(json -> requestId.equals(json.getString("requestId"))).findFirst();
  }

  private static String random(int length) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }
}
