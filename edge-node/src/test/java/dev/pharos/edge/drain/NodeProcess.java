package dev.pharos.edge.drain;

import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.NodeFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built jar running as a node of its own, on 127.0.0.1, its output in {@code target/drain-it/<name>.log}. Its HTTP
 * and admin ports follow from its cluster port. Call from a test thread.
 */
final class NodeProcess {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  // Fixed and below the kernel's ephemeral range (32768 up): a port found free there and bound later by the child
  // can be taken in between, by any outgoing connection on the machine.
  private static final int HTTP_PORT_OFFSET = 1000;
  private static final int ADMIN_PORT_OFFSET = 2000;

  private final String name;
  private final int httpPort;
  private final int adminPort;
  private final Path log;
  private final Process process;

  private NodeProcess(String name, int httpPort, int adminPort, Path log, Process process) {
    this.name = name;
    this.httpPort = httpPort;
    this.adminPort = adminPort;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts a node with the given cluster port and seed members (empty: a cluster of one); {@code env} adds or
   * overrides settings.
   */
  static NodeProcess start(String name, String cluster, int clusterPort, String members, Path dataDir,
                           Map<String, String> env) {
    try {
      Path log = Path.of("target", "drain-it", name + ".log");
      Files.createDirectories(log.getParent());
      Files.deleteIfExists(log);
      int httpPort = clusterPort + HTTP_PORT_OFFSET;
      int adminPort = clusterPort + ADMIN_PORT_OFFSET;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", edgeJar().toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
      Map<String, String> processEnv = builder.environment();
      processEnv.keySet().removeIf(variable -> variable.startsWith("PHAROS_"));
      processEnv.put("PHAROS_NODE_NAME", name);
      processEnv.put("PHAROS_HTTP_HOST", "127.0.0.1");
      processEnv.put("PHAROS_HTTP_PORT", Integer.toString(httpPort));
      processEnv.put("PHAROS_ADMIN_PORT", Integer.toString(adminPort));
      processEnv.put("PHAROS_ADMIN_TOKEN", NodeFixtures.TOKEN);
      processEnv.put("PHAROS_CLUSTER_NAME", cluster);
      processEnv.put("PHAROS_CLUSTER_PORT", Integer.toString(clusterPort));
      processEnv.put("PHAROS_CLUSTER_MEMBERS", members);
      processEnv.put("PHAROS_CLUSTER_FAILURE_TIMEOUT_MS", "4000");
      processEnv.put("PHAROS_CONFIG_CHECK_INTERVAL_MS", "500");
      processEnv.put("PHAROS_PROXY_INSTANCES", "2");
      processEnv.put("PHAROS_DATA_DIR", dataDir.resolve(name).toString());
      processEnv.putAll(env);
      return new NodeProcess(name, httpPort, adminPort, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  void awaitReady() {
    await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
      .failFast(name + " exited, see " + log.toAbsolutePath(), () -> !process.isAlive())
      .untilAsserted(() -> assertThat(readyStatus()).isEqualTo(200));
  }

  /** The status {@code /readyz} answers. */
  int readyStatus() {
    return Http.get(adminPort, "localhost", "/readyz").statusCode();
  }

  /** Sends SIGTERM. */
  void terminate() {
    process.destroy();
  }

  /** Waits for the process to exit and returns its exit status; fails if it is still running after {@code timeout}. */
  int awaitExit(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
      .as(name + " exits within " + timeout.toMillis() + " ms, see " + log.toAbsolutePath()).isTrue();
    return process.exitValue();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  int httpPort() {
    return httpPort;
  }

  int adminPort() {
    return adminPort;
  }

  private static Path edgeJar() {
    String jar = System.getProperty("pharos.edge.jar");
    assertThat(jar).as("system property pharos.edge.jar (set by failsafe)").isNotNull();
    assertThat(Path.of(jar)).exists();
    return Path.of(jar);
  }
}
