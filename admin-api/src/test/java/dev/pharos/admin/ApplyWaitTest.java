package dev.pharos.admin;

import dev.pharos.admin.testing.AdminClient;
import dev.pharos.admin.testing.Reply;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ?wait=applied}: a write answers only once every member has applied it, or says who had not. */
class ApplyWaitTest extends AdminApiTestBase {

  @Test
  void waitAppliedAnswersOnlyAfterEveryMemberReportsTheVersion(VertxTestContext test) {
    cluster.join("node-a", 0).join("node-b", 0);
    AtomicBoolean reported = new AtomicBoolean();
    vertx.setTimer(200, id -> {
      cluster.apply("node-a", 1);
      reported.set(true);
      cluster.apply("node-b", 1);
    });

    client.send(HttpMethod.PUT, "/api/v1/upstreams/web?wait=applied",
        AdminClient.headers("Content-Type", "application/json"), upstream("10.0.0.1:80").toBuffer())
      .onComplete(test.succeeding(reply -> test.verify(() -> {
        assertThat(reply.status()).isEqualTo(201);
        assertThat(reported).as("answered before both members had applied version 1").isTrue();
        assertThat(cluster.requestedTimeouts()).containsExactly(AdminConfig.DEFAULT_APPLY_WAIT_TIMEOUT);
        test.completeNow();
      })));
  }

  @Test
  void waitAppliedTimesOutWith504NamingTheLaggingMembersAndTheChangeStays() {
    cluster.join("node-a", 0).join("node-b", 0).join("node-c", 0);
    vertx.setTimer(10, id -> cluster.apply("node-b", 1));

    Reply reply = client.put("/api/v1/upstreams/web?wait=applied&timeoutMs=300", upstream("10.0.0.1:80"));

    assertProblem(reply, 504);
    assertThat(reply.json().getJsonArray("lagging").getList()).containsExactly("node-a", "node-c");
    assertThat(reply.json().getLong("version")).isEqualTo(1);
    assertThat(reply.json().getString("detail")).contains("committed at version 1");
    assertThat(reply.header("X-Config-Version")).isEqualTo("1");
    assertThat(client.get("/api/v1/upstreams/web").status()).isEqualTo(200);
  }

  @Test
  void waitAppliedWorksForDeletesAndWholeConfigs() {
    cluster.join("node-a", 0);
    givenUpstream("web", "10.0.0.1:80");
    cluster.applyEverywhere(1);
    vertx.setTimer(50, id -> cluster.applyEverywhere(2));

    Reply delete = client.delete("/api/v1/upstreams/web?wait=applied");

    assertThat(delete.status()).isEqualTo(204);
    assertProblem(client.put("/api/v1/config?wait=applied&timeoutMs=50",
      "{\"upstreams\": [], \"routes\": []}"), 504);
  }

  @Test
  void timeoutMsIsCappedAtOneMinute() {
    cluster.join("node-a", 5);

    Reply reply = client.put("/api/v1/upstreams/web?wait=applied&timeoutMs=3600000", upstream("10.0.0.1:80"));

    assertThat(reply.status()).isEqualTo(201);
    assertThat(cluster.requestedTimeouts()).containsExactly(Duration.ofMinutes(1));
  }

  @Test
  void anyOtherWaitValueAnswers400AndCommitsNothing() {
    Reply reply = client.put("/api/v1/upstreams/web?wait=committed", upstream("10.0.0.1:80"));

    assertProblem(reply, 400);
    assertThat(reply.errorFields()).containsExactly("wait");
    assertThat(store.current().version()).isZero();
  }

  @Test
  void aTimeoutThatIsNotAPositiveNumberAnswers400AndCommitsNothing() {
    Reply word = client.put("/api/v1/upstreams/web?wait=applied&timeoutMs=soon", upstream("10.0.0.1:80"));
    Reply zero = client.put("/api/v1/upstreams/web?wait=applied&timeoutMs=0", upstream("10.0.0.1:80"));

    assertProblem(word, 400);
    assertThat(word.errorFields()).containsExactly("timeoutMs");
    assertProblem(zero, 400);
    assertThat(store.current().version()).isZero();
  }

  @Test
  void writesWithoutWaitDoNotAskTheCluster() {
    cluster.join("node-a", 0);

    assertThat(client.put("/api/v1/upstreams/web", upstream("10.0.0.1:80")).status()).isEqualTo(201);
    assertThat(cluster.requestedTimeouts()).isEmpty();
  }
}
