package dev.pharos.edge.testing;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.config.NodeSettings;
import dev.pharos.edge.config.SettingsResolver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Starts real edge nodes in this JVM: each a clustered Vert.x with its own Hazelcast member on 127.0.0.1, TCP-IP
 * join, HTTP and admin on free ports. Each test class passes its own cluster name and cluster port range.
 */
public final class NodeFixtures {

  public static final String TOKEN = "test-token";
  public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private NodeFixtures() {
  }

  /** Settings for member {@code index} (0-based) of a cluster of {@code size} members on consecutive ports. */
  public static NodeSettings settings(String clusterName, int basePort, int index, int size, Path dataDir,
                                      Map<String, String> extra) {
    String members = IntStream.range(0, size).mapToObj(i -> "127.0.0.1:" + (basePort + i))
      .collect(Collectors.joining(","));
    Map<String, String> env = new HashMap<>();
    env.put("PHAROS_NODE_NAME", "node-" + (index + 1));
    env.put("PHAROS_HTTP_HOST", "127.0.0.1");
    env.put("PHAROS_HTTP_PORT", "0");
    env.put("PHAROS_ADMIN_PORT", "0");
    env.put("PHAROS_ADMIN_TOKEN", TOKEN);
    env.put("PHAROS_CLUSTER_NAME", clusterName);
    env.put("PHAROS_CLUSTER_PORT", Integer.toString(basePort + index));
    env.put("PHAROS_CLUSTER_MEMBERS", members);
    env.put("PHAROS_CLUSTER_FAILURE_TIMEOUT_MS", "5000");
    env.put("PHAROS_CONFIG_CHECK_INTERVAL_MS", "500");
    env.put("PHAROS_PROXY_INSTANCES", "1");
    env.put("PHAROS_DATA_DIR", dataDir.resolve("node-" + (index + 1)).toString());
    env.put("PHAROS_ACCESS_LOG", "off");
    env.putAll(extra);
    return new SettingsResolver(new JsonObject(), env, Map.of()).resolve();
  }

  /** Starts {@code size} members together and waits until all of them see each other. */
  public static List<PharosNode> startCluster(String clusterName, int basePort, int size, Path dataDir) {
    return startCluster(clusterName, basePort, size, dataDir, Map.of());
  }

  /** As above, every member also given {@code extra} settings (environment variable names). */
  public static List<PharosNode> startCluster(String clusterName, int basePort, int size, Path dataDir,
                                              Map<String, String> extra) {
    List<Future<PharosNode>> starting = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      starting.add(PharosNode.start(settings(clusterName, basePort, i, size, dataDir, extra)));
    }
    List<PharosNode> nodes = new ArrayList<>();
    for (Future<PharosNode> f : starting) {
      nodes.add(await(f));
    }
    awaitClusterSafe(nodes.get(0));
    return nodes;
  }

  /**
   * Waits until no partition is migrating and every backup is in sync. Operations on a migrating partition wait for
   * the migration, so a test that starts at once can see a first cache store or rate-limit lease outlast its timeout.
   */
  public static void awaitClusterSafe(PharosNode node) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!node.hazelcast().getPartitionService().isClusterSafe()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the cluster did not become safe within " + START_TIMEOUT);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(),
        java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }

  /**
   * Stops every node, those a test already stopped included (stopping twice is harmless). A stop that does not
   * finish fails the test class: a node that cannot leave its cluster is a bug, not noise.
   */
  public static void stopAll(List<PharosNode> nodes) {
    List<Future<Void>> stopping = nodes.stream().map(PharosNode::stop).toList();
    stopping.forEach(NodeFixtures::await);
  }
}
