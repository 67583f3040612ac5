package dev.pharos.admin;

import dev.pharos.admin.testing.AdminClient;
import dev.pharos.admin.testing.Reply;
import dev.pharos.model.ChangeOrigin;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigCommit;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HistoryEntry;
import dev.pharos.model.HistoryHeader;
import dev.pharos.model.Precondition;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How the API answers requests it cannot serve, whatever the endpoint. */
class RequestErrorsTest extends AdminApiTestBase {

  @Test
  void bodyOverTheLimitAnswers413() {
    AdminClient small = deploy(new AdminConfig("127.0.0.1", 0, TOKEN, AdminConfig.DEFAULT_TOKEN_NAME, 1024,
      AdminConfig.DEFAULT_APPLY_WAIT_TIMEOUT), store);

    Reply reply = small.put("/api/v1/upstreams/web", upstream("10.0.0.1:80").put("pad", "x".repeat(2048)));

    assertProblem(reply, 413);
    assertThat(reply.json().getString("detail")).contains("1024");
    assertThat(store.current().version()).isZero();
  }

  @Test
  void chunkedBodyOverTheLimitAnswers413() {
    AdminClient small = deploy(new AdminConfig("127.0.0.1", 0, TOKEN, AdminConfig.DEFAULT_TOKEN_NAME, 1024,
      AdminConfig.DEFAULT_APPLY_WAIT_TIMEOUT), store);

    Reply reply = small.putChunked("/api/v1/upstreams/web", upstream("10.0.0.1:80").put("pad", "x".repeat(2048))
      .encode());

    assertProblem(reply, 413);
  }

  @Test
  void putWithoutAJsonContentTypeAnswers415() {
    Reply textPlain = client.put("/api/v1/upstreams/web", upstream("10.0.0.1:80"), "Content-Type", "text/plain");
    Reply none = AdminClient.await(client.send(HttpMethod.PUT, "/api/v1/upstreams/web", AdminClient.headers(),
      upstream("10.0.0.1:80").toBuffer()));

    assertProblem(textPlain, 415);
    assertProblem(none, 415);
    assertThat(store.current().version()).isZero();
  }

  @Test
  void putAcceptsJsonWithParametersAndStructuredJsonTypes() {
    Reply charset = client.put("/api/v1/upstreams/a", upstream("10.0.0.1:80"),
      "Content-Type", "application/json; charset=utf-8");
    Reply structured = client.put("/api/v1/upstreams/b", upstream("10.0.0.1:80"),
      "Content-Type", "application/merge-patch+json");

    assertThat(charset.status()).isEqualTo(201);
    assertThat(structured.status()).isEqualTo(201);
  }

  @Test
  void unknownPathAnswers404Problem() {
    assertProblem(client.get("/api/v1/nothing-here"), 404);
    assertProblem(client.withToken(null).get("/nothing-here"), 404);
  }

  @Test
  void wrongMethodAnswers405ListingTheAllowedOnes() {
    Reply onItem = AdminClient.await(client.send(HttpMethod.POST, "/api/v1/routes/site", AdminClient.headers(),
      Buffer.buffer("{}")));
    Reply onConfig = AdminClient.await(client.send(HttpMethod.PATCH, "/api/v1/config", AdminClient.headers(), null));
    Reply onProbe = AdminClient.await(client.send(HttpMethod.DELETE, "/healthz", AdminClient.headers(), null));

    assertProblem(onItem, 405);
    assertThat(onItem.header("Allow")).isEqualTo("DELETE, GET, PUT");
    assertProblem(onConfig, 405);
    assertThat(onConfig.header("Allow")).isEqualTo("GET, PUT");
    assertProblem(onProbe, 405);
    assertThat(onProbe.header("Allow")).isEqualTo("GET");
  }

  @Test
  void storeWithoutQuorumAnswers503WithRetryAfter() {
    AdminClient partitioned = deploy(AdminConfig.of("127.0.0.1", 0, TOKEN), new BrokenStore());

    Reply reply = partitioned.put("/api/v1/upstreams/web", upstream("10.0.0.1:80"));

    assertProblem(reply, 503);
    assertThat(reply.header("Retry-After")).isEqualTo("5");
    assertThat(reply.json().getString("detail")).contains("quorum");
  }

  @Test
  void unexpectedFailureAnswers500WithoutItsMessage() {
    AdminClient broken = deploy(AdminConfig.of("127.0.0.1", 0, TOKEN), new BrokenStore());

    Reply reply = broken.get("/api/v1/routes");

    assertProblem(reply, 500);
    assertThat(reply.body().toString()).doesNotContain(BrokenStore.SECRET);
  }

  /** A store that has lost its quorum for writes and fails reads in a way nobody planned for. */
  private static final class BrokenStore implements ConfigStore {

    static final String SECRET = "internal detail";

    @Override
    public Future<ConfigSnapshot> snapshot() {
      return Future.failedFuture(new IllegalStateException(SECRET));
    }

    @Override
    public Future<ConfigCommit> commit(ConfigChange change, Precondition precondition, ChangeOrigin origin) {
      return Future.failedFuture(new StoreUnavailableException("no quorum: 1 of 3 members reachable", null));
    }

    @Override
    public Future<List<HistoryHeader>> history(int limit) {
      return Future.failedFuture(new IllegalStateException(SECRET));
    }

    @Override
    public Future<Optional<HistoryEntry>> historyEntry(long version) {
      return Future.failedFuture(new IllegalStateException(SECRET));
    }
  }
}
