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
class EdgeVerticleTest {

  @Test
  void instancesListeningOnPortZeroShareOneFreePort(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "app");
    TestEdge edge = TestEdge.start(vertx, 2).route("app.test", Upstream.of("app", backend.target()));

    assertThat(edge.verticles()).hasSize(2).extracting(EdgeVerticle::actualPort).containsOnly(edge.port());
    IntStream.range(0, 4).forEach(i -> assertThat(edge.client().get("app.test", "/").body()).isEqualTo("app"));
  }
}
