package dev.pharos.edge.process;

import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.NodeFixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar as three OS processes forming one cluster on 127.0.0.1: a config change the admin API acknowledged
 * survives SIGKILL of the node that took it, and a SIGTERM of every node followed by a full restart.
 */
class NodeProcessIT {

  private static final String CLUSTER = "node-process-it";
  private static final int BASE_CLUSTER_PORT = 5841;
  private static final int NODES = 3;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  // Long enough for a node to leave gracefully; the JVM's own hook gives the node 30 s.
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(45);
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final int DRAINED_EXIT = 0;

  private static Vertx vertx;
  private static EchoBackend backend;

  @TempDir
  Path dataDir;
  private Path logDir;
  private final Process[] processes = new Process[NODES];
  // Fixed and below the kernel's ephemeral range (32768 up): a port found free there and bound later by a node
  // can be taken in between, by any outgoing connection on the machine.
  private final int[] httpPorts = IntStream.range(0, NODES).map(i -> BASE_CLUSTER_PORT + 1000 + i).toArray();
  private final int[] adminPorts = IntStream.range(0, NODES).map(i -> BASE_CLUSTER_PORT + 2000 + i).toArray();

  @BeforeAll
  static void startBackend() {
    vertx = Vertx.vertx();
    backend = EchoBackend.start(vertx, "backend");
  }

  @AfterAll
  static void stopBackend() {
    NodeFixtures.await(vertx.close());
  }

  @BeforeEach
  void startCluster(TestInfo test) throws IOException {
    logDir = Path.of("target", "node-process-it", test.getTestMethod().orElseThrow().getName());
    Files.createDirectories(logDir);
    for (int i = 0; i < NODES; i++) {
      // Failsafe runs a failed test once more: the failed attempt's logs are kept beside the new ones.
      Path log = logDir.resolve(nodeName(i) + ".log");
      if (Files.exists(log)) {
        Files.move(log, logDir.resolve(nodeName(i) + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    startAll();
  }

  @AfterEach
  void killEveryNode() throws InterruptedException {
    for (Process process : processes) {
      if (process != null) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void killedMemberLosesNoAcknowledgedChange() throws InterruptedException {
    List<String> prefixes = List.of("/a", "/b", "/c", "/d", "/e");
    putUpstream(0);
    for (String prefix : prefixes) {
      putRoute(0, prefix);
    }

    processes[0].destroyForcibly();
    assertThat(processes[0].waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(processes[0].exitValue()).isEqualTo(SIGKILL_EXIT);

    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
      assertThat(listedRouteIds(1)).containsExactlyInAnyOrderElementsOf(routeIds(prefixes)));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertServesEvery(prefixes, 1, 2));

    startNode(0);
    awaitReady(0);
    assertServesEvery(prefixes, 0);
  }

  @Test
  void fullRestartKeepsEveryAcknowledgedChange() throws InterruptedException {
    putUpstream(0);
    putRoute(0, "/kept");
    putRoute(1, "/deleted");
    putRoute(2, "/also-kept");
    HttpResponse<String> delete = Http.admin("DELETE", adminPorts[2], "/api/v1/routes/deleted", null);
    assertThat(delete.statusCode()).isIn(200, 204);
    JsonObject before = config(2);

    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      assertThat(process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(DRAINED_EXIT);
    }
    startAll();

    for (int i = 0; i < NODES; i++) {
      assertThat(config(i)).isEqualTo(before);
    }
    assertServesEvery(List.of("/kept", "/also-kept"), 0, 1, 2);
    for (int i = 0; i < NODES; i++) {
      assertThat(proxyGet(i, "/deleted/x").statusCode()).isEqualTo(404);
    }
  }

  private void startAll() {
    for (int i = 0; i < NODES; i++) {
      startNode(i);
    }
    for (int i = 0; i < NODES; i++) {
      awaitReady(i);
    }
  }

  private void startNode(int i) {
    String members = IntStream.range(0, NODES).mapToObj(n -> "127.0.0.1:" + (BASE_CLUSTER_PORT + n))
      .collect(Collectors.joining(","));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", edgeJar().toString())
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(nodeName(i) + ".log").toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PHAROS_"));
    env.put("PHAROS_NODE_NAME", nodeName(i));
    env.put("PHAROS_HTTP_HOST", "127.0.0.1");
    env.put("PHAROS_HTTP_PORT", Integer.toString(httpPorts[i]));
    env.put("PHAROS_ADMIN_PORT", Integer.toString(adminPorts[i]));
    env.put("PHAROS_ADMIN_TOKEN", NodeFixtures.TOKEN);
    env.put("PHAROS_CLUSTER_NAME", CLUSTER);
    env.put("PHAROS_CLUSTER_PORT", Integer.toString(BASE_CLUSTER_PORT + i));
    env.put("PHAROS_CLUSTER_MEMBERS", members);
    env.put("PHAROS_CLUSTER_FAILURE_TIMEOUT_MS", "4000");
    env.put("PHAROS_CONFIG_CHECK_INTERVAL_MS", "500");
    env.put("PHAROS_DRAIN_GRACE_MS", "0");
    env.put("PHAROS_PROXY_INSTANCES", "1");
    env.put("PHAROS_DATA_DIR", dataDir.resolve(nodeName(i)).toString());
    try {
      processes[i] = builder.start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + nodeName(i) + ": " + e, e);
    }
  }

  private void awaitReady(int i) {
    await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
      .failFast(nodeName(i) + " exited, see " + logDir.resolve(nodeName(i) + ".log").toAbsolutePath(),
        () -> !processes[i].isAlive())
      .untilAsserted(() -> assertThat(Http.get(adminPorts[i], "localhost", "/readyz").statusCode()).isEqualTo(200));
  }

  private void putUpstream(int node) {
    JsonObject upstream = new JsonObject().put("targets", new JsonArray().add(new JsonObject()
      .put("host", "127.0.0.1").put("port", backend.port()).put("weight", 1)));
    assertThat(Http.admin("PUT", adminPorts[node], "/api/v1/upstreams/backend", upstream).statusCode()).isEqualTo(201);
  }

  /** A route for any host, with the prefix naming it: {@code /a} is route {@code a}. */
  private void putRoute(int node, String prefix) {
    JsonObject route = new JsonObject().put("hosts", new JsonArray()).put("pathPrefix", prefix)
      .put("upstream", "backend");
    HttpResponse<String> response = Http.admin("PUT", adminPorts[node], "/api/v1/routes/" + prefix.substring(1), route);
    assertThat(response.statusCode()).isEqualTo(201);
  }

  private List<String> listedRouteIds(int node) {
    HttpResponse<String> response = Http.admin("GET", adminPorts[node], "/api/v1/routes", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("items").stream()
      .map(item -> ((JsonObject) item).getString("id")).toList();
  }

  private JsonObject config(int node) {
    HttpResponse<String> response = Http.admin("GET", adminPorts[node], "/api/v1/config", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private void assertServesEvery(List<String> prefixes, int... nodes) {
    for (int node : nodes) {
      for (String prefix : prefixes) {
        HttpResponse<String> response = proxyGet(node, prefix + "/x");
        assertThat(response.statusCode()).as(nodeName(node) + " " + prefix).isEqualTo(200);
        assertThat(response.body()).isEqualTo("backend " + prefix + "/x");
        assertThat(response.headers().firstValue("X-Served-By")).contains(nodeName(node));
      }
    }
  }

  private HttpResponse<String> proxyGet(int node, String path) {
    return Http.get(httpPorts[node], "any.example", path);
  }

  private static List<String> routeIds(List<String> prefixes) {
    return prefixes.stream().map(prefix -> prefix.substring(1)).toList();
  }

  private static String nodeName(int i) {
    return "node-" + (i + 1);
  }

  private static Path edgeJar() {
    String jar = System.getProperty("pharos.edge.jar");
    assertThat(jar).as("system property pharos.edge.jar (set by failsafe)").isNotNull();
    assertThat(Path.of(jar)).exists();
    return Path.of(jar);
  }
}
