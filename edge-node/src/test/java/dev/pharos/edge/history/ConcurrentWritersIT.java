package dev.pharos.edge.history;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.NodeFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three real members in this JVM written through all three at once, so that compare-and-sets are lost and retried:
 * every write is committed once, each version's history entry (most of them a change written by whichever node won)
 * rebuilds to the table it committed, and every node's disk ends on the last version.
 */
class ConcurrentWritersIT {

  private static final String CLUSTER = "concurrent-writers-it";
  private static final int BASE_PORT = 7461;
  private static final int SIZE = 3;
  private static final int WRITES_PER_NODE = 15;

  @TempDir
  static Path dataDir;
  static List<PharosNode> nodes;

  @BeforeAll
  static void startCluster() {
    nodes = NodeFixtures.startCluster(CLUSTER, BASE_PORT, SIZE, dataDir,
      Map.of("PHAROS_CONFIG_HISTORY_WHOLE_TABLE_EVERY", "8"));
  }

  @AfterAll
  static void stopCluster() {
    NodeFixtures.stopAll(nodes);
  }

  @Test
  void writesThroughEveryNodeAtOnceAreEachCommittedAndEveryVersionRebuildsToItsTable() throws Exception {
    assertThat(write(0, "/api/v1/upstreams/pool", new JsonObject().put("targets", new JsonArray()
      .add(new JsonObject().put("host", "127.0.0.1").put("port", 9))))).isEqualTo(201);

    ExecutorService writers = Executors.newFixedThreadPool(SIZE);
    List<Future<Integer>> statuses = new ArrayList<>();
    for (int n = 0; n < WRITES_PER_NODE; n++) {
      for (int node = 0; node < SIZE; node++) {
        int writer = node;
        String id = "r-" + node + "-" + n;
        statuses.add(writers.submit(() -> write(writer, "/api/v1/routes/" + id, new JsonObject()
          .put("hosts", new JsonArray().add(id + ".example")).put("upstream", "pool"))));
      }
    }
    for (Future<Integer> status : statuses) {
      assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(201);
    }
    writers.shutdown();

    long last = 1 + (long) SIZE * WRITES_PER_NODE;
    JsonObject config = new JsonObject(Http.admin("GET", adminPort(1), "/api/v1/config", null).body());
    assertThat(config.getLong("version")).isEqualTo(last);
    assertThat(config.getJsonArray("routes")).hasSize(SIZE * WRITES_PER_NODE);
    // Every write adds one route, so version v holds v - 1 of them, and each holds the one before it.
    JsonObject newer = null;
    for (long version = last; version >= 1; version--) {
      HttpResponse<String> response = Http.admin("GET", adminPort((int) (version % SIZE)),
        "/api/v1/config/history/" + version, null);
      assertThat(response.statusCode()).as("version %d", version).isEqualTo(200);
      JsonObject table = new JsonObject(response.body());
      assertThat(table.getJsonArray("routes")).as("version %d", version).hasSize((int) version - 1);
      if (newer != null) {
        assertThat(newer.getJsonArray("routes").getList()).as("version %d", version + 1)
          .containsAll(table.getJsonArray("routes").getList());
      }
      newer = table;
    }

    for (int node = 1; node <= SIZE; node++) {
      Path copy = dataDir.resolve("node-" + node).resolve("config-snapshot.json");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(new JsonObject(Files.readString(copy)).getLong("version")).isEqualTo(last));
    }
  }

  private static int write(int node, String path, JsonObject body) {
    return Http.admin("PUT", adminPort(node), path, body).statusCode();
  }

  private static int adminPort(int node) {
    return nodes.get(node).adminPort();
  }
}
