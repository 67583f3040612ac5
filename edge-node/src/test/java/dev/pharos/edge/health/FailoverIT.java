package dev.pharos.edge.health;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.InJvmCluster;
import dev.pharos.edge.testing.NodeFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover as clients see it, on three real members in this JVM with real backends: GETs spread over every node keep
 * answering 200 while one of three targets is killed or hangs; how long each node takes to report the dead target, and
 * the longest gap between two probes of a target whose prober leaves, are measured and printed (the goals are one
 * interval plus 100 ms, and about one interval); an ejection by passive health on one node is seen by the others,
 * which stop sending to the target until the ejection ends. Each test has an upstream and backends of its own; the test
 * that stops a member runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

  private static final String CLUSTER = "failover-it";
  private static final int BASE_PORT = 6211;
  private static final int INTERVAL_MS = 300;
  private static final int LOAD_THREADS = 2;
  /** The goal is one interval plus 100 ms; the deadline leaves room for a loaded 2-core machine. */
  private static final Duration DETECTION_DEADLINE = Duration.ofSeconds(5);
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final InJvmCluster cluster = new InJvmCluster(CLUSTER, BASE_PORT, 3);

  @Test
  @Order(1)
  void everyGetAnswers200WhileOneOfThreeTargetsIsKilled() {
    ProbedBackend[] backends = backends("killed", 3);
    configure("killed", healthCheck(), null, new JsonObject(), backends);
    awaitState("killed", "healthy", backends);
    ProbedBackend victim = backends[0];

    try (Load load = Load.start("killed.example")) {
      load.awaitRequests(100);
      long killedAt = System.nanoTime();
      victim.kill();
      Map<String, Long> detection = detectionMillis("killed", victim, killedAt, "unhealthy");
      load.awaitRequests(load.sent() + 200);
      load.stop();

      System.out.printf("killed target: reported unhealthy after %s ms by node (goal: %d ms); %s%n", detection,
        INTERVAL_MS + 100, load.summary());
      assertThat(load.failures()).as("requests that did not answer 200").isEmpty();
    }
  }

  @Test
  @Order(2)
  void everyGetAnswers200WhileOneOfThreeTargetsHangsThanksToATimeoutAndARetry() {
    ProbedBackend[] backends = backends("hung", 3);
    JsonObject retryOnTimeout = new JsonObject().put("timeouts", new JsonObject().put("connectMs", 1_000)
      .put("responseMs", 500)).put("retries", new JsonObject().put("attempts", 2)
      .put("on", new JsonArray().add("connect-failure").add("reset").add("timeout")));
    configure("hung", healthCheck(), null, retryOnTimeout, backends);
    awaitState("hung", "healthy", backends);
    ProbedBackend victim = backends[1];

    try (Load load = Load.start("hung.example")) {
      load.awaitRequests(100);
      long hungAt = System.nanoTime();
      victim.hang();
      Map<String, Long> detection = detectionMillis("hung", victim, hungAt, "unhealthy");
      load.awaitRequests(load.sent() + 200);
      load.stop();

      System.out.printf("hung target: reported unhealthy after %s ms by node (probe timeout 200 ms); %s%n", detection,
        load.summary());
      assertThat(load.failures()).as("requests that did not answer 200").isEmpty();
    }
  }

  @Test
  @Order(3)
  void anEjectionByOneNodeIsSeenByTheOthersAndEndsAfterItsBackOff() {
    ProbedBackend[] backends = backends("eject", 3);
    JsonObject outliers = new JsonObject().put("consecutive5xx", 3).put("baseEjectionMs", 3_000);
    configure("eject", null, outliers, new JsonObject(), backends);
    ProbedBackend failing = backends[2];
    failing.answerTrafficWith(500);
    PharosNode ejecting = cluster.node(0);

    Map<String, Long> seenAt = new LinkedHashMap<>();
    await().atMost(LIMIT).pollInterval(Duration.ofMillis(5)).until(() -> {
      if (seenAt.isEmpty()) {
        Http.get(ejecting.httpPort(), "eject.example", "/");
      }
      for (PharosNode node : cluster.nodes()) {
        if (!seenAt.containsKey(node.settings().nodeName())
          && "ejected".equals(target(node, "eject", failing).getString("state"))) {
          seenAt.put(node.settings().nodeName(), System.currentTimeMillis());
        }
      }
      return seenAt.size() == cluster.nodes().size();
    });
    JsonObject ejection = target(cluster.node(1), "eject", failing).getJsonObject("ejection");
    Map<String, Long> seen = new LinkedHashMap<>();
    seenAt.forEach((node, at) -> seen.put(node, at - ejection.getLong("ejectedAt")));
    int trafficWhenEjected = failing.traffic();

    for (PharosNode node : cluster.nodes()) {
      for (int i = 0; i < 10; i++) {
        assertThat(Http.get(node.httpPort(), "eject.example", "/").statusCode()).isEqualTo(200);
      }
    }
    assertThat(failing.traffic()).as("requests that reached the ejected target").isEqualTo(trafficWhenEjected);
    assertThat(ejection.getString("node")).isEqualTo(ejecting.settings().nodeName());
    assertThat(ejection.getString("reason")).isEqualTo("3 answers 5xx in a row, last: 500");

    failing.answerTrafficWith(200);
    long ejectionEnds = ejection.getLong("until");
    await().atMost(LIMIT).untilAsserted(() -> {
      for (PharosNode node : cluster.nodes()) {
        Http.get(node.httpPort(), "eject.example", "/");
        Http.get(node.httpPort(), "eject.example", "/");
      }
      assertThat(failing.traffic()).isGreaterThan(trafficWhenEjected + 2);
    });
    System.out.printf("ejection by %s: seen as ejected %s ms after it was made, by node, %d ms long, traffic again %d ms after "
      + "its end%n", ejecting.settings().nodeName(), seen, ejectionEnds - ejection.getLong("ejectedAt"),
      System.currentTimeMillis() - ejectionEnds);
    for (PharosNode node : cluster.nodes()) {
      assertThat(target(node, "eject", failing).getString("state")).isEqualTo("unknown");
    }
  }

  @Test
  @Order(4)
  void probingMovesToAnotherMemberWhenItsProberLeaves() {
    ProbedBackend[] backends = backends("moved", 1);
    ProbedBackend backend = backends[0];
    configure("moved", healthCheck(), null, new JsonObject(), backends);
    awaitState("moved", "healthy", backends);
    String first = target(cluster.node(0), "moved", backend).getString("prober");
    PharosNode prober = cluster.nodes().stream().filter(n -> n.settings().nodeName().equals(first)).findFirst()
      .orElseThrow();
    await().atMost(LIMIT).until(() -> backend.probeTimes().size() >= 3);

    backend.forgetProbes();
    long stoppedAt = System.nanoTime();
    NodeFixtures.await(prober.stop());
    cluster.nodes().remove(prober);
    await().atMost(LIMIT).until(() -> backend.probesByMember().keySet().stream().anyMatch(m -> !m.equals(first))
      && backend.probeTimes().stream().filter(t -> t > stoppedAt).count() >= 3);

    List<Long> times = backend.probeTimes();
    long longestGap = 0;
    for (int i = 1; i < times.size(); i++) {
      longestGap = Math.max(longestGap, times.get(i) - times.get(i - 1));
    }
    System.out.printf("prober %s stopped: longest gap between two probes %d ms (interval %d ms), probes by member %s%n",
      first, longestGap / 1_000_000, INTERVAL_MS, backend.probesByMember());
    await().atMost(LIMIT).untilAsserted(() -> {
      for (PharosNode node : cluster.nodes()) {
        assertThat(target(node, "moved", backend).getString("prober")).isNotEqualTo(first);
      }
    });
  }

  /** Polls every node's {@code GET /api/v1/health} until each reports {@code state}; milliseconds since {@code t0}. */
  private static Map<String, Long> detectionMillis(String upstream, ProbedBackend backend, long t0, String state) {
    Map<String, Long> millis = new LinkedHashMap<>();
    await().atMost(DETECTION_DEADLINE).pollInterval(Duration.ofMillis(5)).until(() -> {
      for (PharosNode node : cluster.nodes()) {
        String name = node.settings().nodeName();
        if (!millis.containsKey(name) && state.equals(target(node, upstream, backend).getString("state"))) {
          millis.put(name, (System.nanoTime() - t0) / 1_000_000);
        }
      }
      return millis.size() == cluster.nodes().size();
    });
    return millis;
  }

  private static JsonObject healthCheck() {
    return new JsonObject().put("path", "/health").put("intervalMs", INTERVAL_MS).put("timeoutMs", 200)
      .put("healthyThreshold", 2).put("unhealthyThreshold", 1);
  }

  private static ProbedBackend[] backends(String prefix, int count) {
    ProbedBackend[] backends = new ProbedBackend[count];
    for (int i = 0; i < count; i++) {
      backends[i] = ProbedBackend.start(cluster.backendVertx(), prefix + "-" + (char) ('a' + i));
    }
    return backends;
  }

  /** @param healthCheck null for none; @param outliers null for none; @param route more fields of the route */
  private static void configure(String id, JsonObject healthCheck, JsonObject outliers, JsonObject route,
                                ProbedBackend... backends) {
    JsonArray targets = new JsonArray();
    Arrays.stream(backends).forEach(b -> targets.add(new JsonObject().put("host", "127.0.0.1").put("port", b.port())));
    JsonObject upstream = new JsonObject().put("targets", targets);
    if (healthCheck != null) {
      upstream.put("healthCheck", healthCheck);
    }
    if (outliers != null) {
      upstream.put("outlierDetection", outliers);
    }
    int admin = cluster.node(0).adminPort();
    assertThat(Http.admin("PUT", admin, "/api/v1/upstreams/" + id + "?wait=applied", upstream).statusCode())
      .isEqualTo(201);
    assertThat(Http.admin("PUT", admin, "/api/v1/routes/" + id + "?wait=applied", route.copy()
      .put("hosts", new JsonArray().add(id + ".example")).put("upstream", id)).statusCode()).isEqualTo(201);
  }

  private static void awaitState(String upstream, String state, ProbedBackend... backends) {
    await().atMost(LIMIT).untilAsserted(() -> {
      for (ProbedBackend backend : backends) {
        for (PharosNode node : cluster.nodes()) {
          assertThat(target(node, upstream, backend).getString("state"))
            .as("%s on %s", backend.name(), node.settings().nodeName()).isEqualTo(state);
        }
      }
    });
  }

  private static JsonObject target(PharosNode node, String upstream, ProbedBackend backend) {
    JsonArray upstreams = new JsonObject(Http.admin("GET", node.adminPort(), "/api/v1/health", null).body())
      .getJsonArray("upstreams");
    return upstreams.stream().map(JsonObject.class::cast).filter(u -> u.getString("id").equals(upstream))
      .findFirst().orElseThrow(() -> new AssertionError("no upstream " + upstream + " in " + upstreams))
      .getJsonArray("targets").stream().map(JsonObject.class::cast)
      .filter(t -> t.getString("address").equals(backend.address())).findFirst().orElseThrow();
  }

  /** GETs from a few threads, each going round every node in turn, until stopped. */
  private static final class Load implements AutoCloseable {

    private final String host;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Long> slowestNanos = new CopyOnWriteArrayList<>();

    private Load(String host) {
      this.host = host;
    }

    static Load start(String host) {
      Load load = new Load(host);
      List<PharosNode> targets = List.copyOf(cluster.nodes());
      for (int t = 0; t < LOAD_THREADS; t++) {
        int offset = t;
        Thread thread = new Thread(() -> load.run(targets, offset), "load-" + t);
        load.threads.add(thread);
        thread.start();
      }
      return load;
    }

    private void run(List<PharosNode> targets, int offset) {
      long slowest = 0;
      for (int i = offset; running.get(); i++) {
        PharosNode node = targets.get(i % targets.size());
        long start = System.nanoTime();
        try {
          int status = Http.get(node.httpPort(), host, "/").statusCode();
          statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
          if (status != 200) {
            failures.add(status + " from " + node.settings().nodeName());
          }
        } catch (AssertionError e) {
          failures.add(e.getMessage() + " from " + node.settings().nodeName());
        }
        slowest = Math.max(slowest, System.nanoTime() - start);
        sent.incrementAndGet();
      }
      slowestNanos.add(slowest);
    }

    int sent() {
      return sent.get();
    }

    void awaitRequests(int count) {
      await().atMost(LIMIT).until(() -> sent.get() >= count);
    }

    void stop() {
      running.set(false);
      for (Thread thread : threads) {
        try {
          thread.join(LIMIT.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }

    List<String> failures() {
      return List.copyOf(failures);
    }

    String summary() {
      long slowest = slowestNanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1_000_000;
      return sent.get() + " GETs, statuses " + statuses + ", slowest " + slowest + " ms";
    }

    @Override
    public void close() {
      stop();
    }
  }
}
