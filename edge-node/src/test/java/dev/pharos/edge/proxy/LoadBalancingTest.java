package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class LoadBalancingTest {

  @Test
  void roundRobinSpreadsRequestsEvenlyOverTwoTargets(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend b = TestBackend.start(vertx, "b");
    TestEdge edge = TestEdge.start(vertx, 2).route("app.test", Upstream.of("pair", a.target(), b.target()));

    IntStream.range(0, 10).forEach(i -> assertThat(edge.client().get("app.test", "/").status()).isEqualTo(200));

    assertThat(a.received()).hasSize(5);
    assertThat(b.received()).hasSize(5);
  }
}
