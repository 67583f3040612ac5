package dev.pharos.admin;

import dev.pharos.admin.testing.AdminClient;
import dev.pharos.admin.testing.Reply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthAndProbesTest extends AdminApiTestBase {

  @Test
  void apiAnswers401WithoutToken() {
    Reply reply = client.withToken(null).get("/api/v1/routes");

    assertProblem(reply, 401);
    assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"pharos\"");
  }

  @Test
  void apiAnswers401WithWrongToken() {
    Reply reply = client.withToken("not-" + TOKEN).get("/api/v1/routes");

    assertProblem(reply, 401);
    assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"pharos\"");
  }

  @Test
  void apiAnswers401ToOtherAuthorizationSchemes() {
    Reply reply = client.withToken(null).get("/api/v1/routes", "Authorization", "Basic " + TOKEN);

    assertProblem(reply, 401);
  }

  @Test
  void apiAnswers401BeforeSayingWhetherAPathExists() {
    assertProblem(client.withToken(null).get("/api/v1/no-such-thing"), 401);
  }

  @Test
  void writesAnswer401WithoutTokenAndCommitNothing() {
    Reply reply = client.withToken(null).put("/api/v1/upstreams/web", upstream("10.0.0.1:80"));

    assertProblem(reply, 401);
    assertThat(store.current().version()).isZero();
  }

  @Test
  void apiAcceptsTheTokenWhateverTheSchemeCase() {
    Reply reply = client.withToken(null).get("/api/v1/routes", "Authorization", "bearer " + TOKEN);

    assertThat(reply.status()).isEqualTo(200);
  }

  @Test
  void apiNeedsNoTokenWhenNoneIsConfiguredOnLoopback() {
    AdminClient open = deploy(AdminConfig.of("127.0.0.1", 0, null), store);

    assertThat(open.get("/api/v1/routes").status()).isEqualTo(200);
  }

  @Test
  void healthzAnswersUpWithoutToken() {
    Reply reply = client.withToken(null).get("/healthz");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("status")).isEqualTo("UP");
  }

  @Test
  void metricsAnswerInPrometheusTextFormatWithoutToken() {
    Reply reply = client.withToken(null).get("/metrics");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("Content-Type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(reply.body().toString()).isEqualTo(METRICS);
  }

  @Test
  void readyzAnswersReadyWithoutToken() {
    Reply reply = client.withToken(null).get("/readyz");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getString("status")).isEqualTo("READY");
  }

  @Test
  void readyzAnswers503WithTheReasonWhenNotReady() {
    notReadyReason.set("draining");

    Reply reply = client.withToken(null).get("/readyz");

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().getString("status")).isEqualTo("NOT_READY");
    assertThat(reply.json().getString("reason")).isEqualTo("draining");
  }
}
