package dev.pharos.deploy;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests, the compose file and the systemd unit parse, and agree with each other and with the
 * node's drain and discovery settings. No cluster is needed.
 */
class ManifestsTest {

  private static final Path DEPLOY = Path.of(System.getProperty("pharos.repo.dir", "..")).resolve("deploy");

  @Test
  void everyKubernetesManifestParsesAndNamesItsKind() throws IOException {
    List<Map<String, Object>> docs = k8s();

    assertThat(docs).extracting(d -> d.get("kind")).containsExactlyInAnyOrder(
      "Secret", "Service", "Service", "Service", "Deployment", "PodDisruptionBudget");
    assertThat(docs).allSatisfy(d -> {
      assertThat(d.get("apiVersion")).isNotNull();
      assertThat(map(d, "metadata").get("name")).isNotNull();
    });
  }

  @Test
  void theDeploymentDiscoversMembersThroughTheHeadlessServiceAndDrainsWithinTheGracePeriod() throws IOException {
    List<Map<String, Object>> docs = k8s();
    Map<String, Object> deployment = kind(docs, "Deployment").get(0);
    Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
    Map<String, Object> container = list(pod, "containers").get(0);
    Map<String, Object> env = env(container);

    Map<String, Object> headless = kind(docs, "Service").stream()
      .filter(s -> "None".equals(map(s, "spec").get("clusterIP"))).findFirst().orElseThrow();
    assertThat(env.get("PHAROS_CLUSTER_DNS")).isEqualTo(map(headless, "metadata").get("name"));
    assertThat(map(headless, "spec").get("publishNotReadyAddresses")).isEqualTo(true);
    assertThat(Integer.parseInt((String) env.get("PHAROS_CLUSTER_EXPECTED_SIZE")))
      .isEqualTo(map(deployment, "spec").get("replicas"));

    int graceSeconds = (Integer) pod.get("terminationGracePeriodSeconds");
    assertThat(Long.parseLong((String) env.get("PHAROS_DRAIN_TIMEOUT_MS"))).isLessThan(graceSeconds * 1000L);
    Map<String, Object> readiness = map(container, "readinessProbe");
    assertThat(map(readiness, "httpGet").get("path")).isEqualTo("/readyz");
    long unreadyAfterMs = 1000L * (Integer) readiness.get("periodSeconds")
      * (Integer) readiness.get("failureThreshold");
    assertThat(Long.parseLong((String) env.get("PHAROS_DRAIN_GRACE_MS"))).isGreaterThan(unreadyAfterMs);

    String secret = (String) map(map(envEntry(container, "PHAROS_ADMIN_TOKEN"), "valueFrom"), "secretKeyRef")
      .get("name");
    assertThat(kind(docs, "Secret")).extracting(s -> map(s, "metadata").get("name")).contains(secret);
    assertThat(map(container, "resources")).containsKeys("requests", "limits");
  }

  @Test
  void theComposeFileRunsThreeNodesBehindOneAliasOnLoopbackPorts() throws IOException {
    Map<String, Object> compose = yaml(DEPLOY.resolve("docker-compose.yml")).get(0);
    Map<String, Object> services = map(compose, "services");

    for (int i = 1; i <= 3; i++) {
      Map<String, Object> node = map(services, "edge-" + i);
      assertThat(node.get("ports")).asList()
        .containsExactly("127.0.0.1:808" + i + ":8080", "127.0.0.1:909" + i + ":9090");
      assertThat(map(map(node, "networks"), "pharos").get("aliases")).asList().containsExactly("edge");
      Map<String, Object> env = map(node, "environment");
      assertThat(env).containsEntry("PHAROS_CLUSTER_DNS", "edge").containsEntry("PHAROS_NODE_NAME", "edge-" + i)
        .containsEntry("PHAROS_ADMIN_TOKEN", "${PHAROS_ADMIN_TOKEN:-change-me}");
    }
    assertThat(map(services, "client").get("profiles")).asList().containsExactly("client");
  }

  @Test
  void systemdWaitsLongerThanTheDefaultDrain() throws IOException {
    String unit = Files.readString(DEPLOY.resolve("systemd/pharos.service"));

    assertThat(unit).contains("KillSignal=SIGTERM").contains("ExecStart=/usr/bin/java");
    long timeoutStopSec = unit.lines().filter(l -> l.startsWith("TimeoutStopSec=")).findFirst()
      .map(l -> Long.parseLong(l.substring("TimeoutStopSec=".length()))).orElseThrow();
    // PHAROS_DRAIN_TIMEOUT_MS defaults to 30 s.
    assertThat(timeoutStopSec * 1000).isGreaterThan(30_000);
  }

  private static List<Map<String, Object>> k8s() throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        docs.addAll(yaml(file));
      }
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> yaml(Path file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object doc : new Yaml().loadAll(reader)) {
        if (doc != null) {
          docs.add((Map<String, Object>) doc);
        }
      }
    }
    return docs;
  }

  private static List<Map<String, Object>> kind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertThat(value).as(key).isInstanceOf(List.class);
    return (List<Map<String, Object>>) value;
  }

  /** Plain {@code value} entries of a container's env, by name. */
  private static Map<String, Object> env(Map<String, Object> container) {
    Map<String, Object> env = new java.util.HashMap<>();
    for (Map<String, Object> e : list(container, "env")) {
      if (e.containsKey("value")) {
        env.put((String) e.get("name"), e.get("value"));
      }
    }
    return env;
  }

  private static Map<String, Object> envEntry(Map<String, Object> container, String name) {
    return list(container, "env").stream().filter(e -> name.equals(e.get("name"))).findFirst().orElseThrow();
  }
}
