package dev.pharos.edge.cluster;

import dev.pharos.edge.PharosNode;
import dev.pharos.edge.testing.EchoBackend;
import dev.pharos.edge.testing.Http;
import dev.pharos.edge.testing.InJvmCluster;
import dev.pharos.edge.testing.NodeFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member left alone in a cluster that expects three is a minority: it keeps proxying with the table it has, answers
 * reads, and refuses config writes with 503 rather than diverge from the majority.
 */
class MinorityPartitionIT {

  private static final String CLUSTER = "minority-partition-it";
  private static final int BASE_PORT = 5821;

  @RegisterExtension
  static final InJvmCluster cluster = new InJvmCluster(CLUSTER, BASE_PORT, 3);
  static EchoBackend backend;

  @BeforeAll
  static void start() {
    backend = EchoBackend.start(cluster.backendVertx(), "origin");
  }

  @Test
  void loneMemberKeepsProxyingButRefusesWrites() {
    PharosNode survivor = cluster.node(2);
    JsonObject upstream = new JsonObject().put("targets", new JsonArray()
      .add(new JsonObject().put("host", "127.0.0.1").put("port", backend.port())));
    assertThat(Http.admin("PUT", survivor.adminPort(), "/api/v1/upstreams/web?wait=applied", upstream).statusCode())
      .isEqualTo(201);
    assertThat(Http.admin("PUT", survivor.adminPort(), "/api/v1/routes/web?wait=applied",
      new JsonObject().put("hosts", new JsonArray().add("web.example")).put("upstream", "web")).statusCode())
      .isEqualTo(201);

    NodeFixtures.await(cluster.node(0).stop());
    NodeFixtures.await(cluster.node(1).stop());
    await().atMost(Duration.ofSeconds(20))
      .until(() -> survivor.hazelcast().getCluster().getMembers().size() == 1);

    HttpResponse<String> write = Http.admin("PUT", survivor.adminPort(), "/api/v1/routes/other",
      new JsonObject().put("hosts", new JsonArray().add("other.example")).put("upstream", "web"));
    assertThat(write.statusCode()).isEqualTo(503);
    assertThat(write.headers().firstValue("Content-Type")).hasValueSatisfying(
      type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(new JsonObject(write.body()).getString("detail")).contains("majority");

    assertThat(Http.admin("GET", survivor.adminPort(), "/api/v1/routes/web", null).statusCode()).isEqualTo(200);
    HttpResponse<String> proxied = Http.get(survivor.httpPort(), "web.example", "/still-here");
    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(proxied.body()).isEqualTo("origin /still-here");
  }
}
