package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestClient.Reply;
import dev.pharos.model.Route;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class ProxyPassThroughTest {

  private Vertx vertx;
  private TestEdge edge;

  @BeforeEach
  void startEdge(Vertx vertx) {
    this.vertx = vertx;
    edge = TestEdge.start(vertx, 2);
  }

  @Test
  void getPassesStatusHeadersAndBodyThrough() {
    TestBackend backend = TestBackend.start(vertx, "app", (request, response) -> response.setStatusCode(201)
      .putHeader("content-type", "application/json").putHeader("x-backend", "yes").end("{\"id\":7}"));
    edge.route("app.test", Upstream.of("app", backend.target()));

    Reply reply = edge.client().get("app.test", "/items/7", MultiMap.caseInsensitiveMultiMap().add("x-client", "c"));

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.header("content-type")).isEqualTo("application/json");
    assertThat(reply.header("x-backend")).isEqualTo("yes");
    assertThat(reply.body()).isEqualTo("{\"id\":7}");
    TestBackend.Received received = backend.onlyRequest();
    assertThat(received.method()).isEqualTo("GET");
    assertThat(received.uri()).isEqualTo("/items/7");
    assertThat(received.header("x-client")).isEqualTo("c");
  }

  @Test
  void streamedPostBodyReachesBackendAndItsAnswerStreamsBack() {
    TestBackend backend = TestBackend.start(vertx, "echo",
      (request, response) -> response.setChunked(true).end(request.body()));
    edge.route("app.test", Upstream.of("echo", backend.target()));
    List<Buffer> chunks = IntStream.range(0, 64)
      .mapToObj(i -> Buffer.buffer(String.valueOf((char) ('a' + i % 26)).repeat(16 * 1024)))
      .toList();
    Buffer whole = Buffer.buffer();
    chunks.forEach(whole::appendBuffer);

    Reply reply = edge.client().sendChunked(HttpMethod.POST, "app.test", "/upload", chunks);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo(whole.toString());
    TestBackend.Received received = backend.onlyRequest();
    assertThat(received.method()).isEqualTo("POST");
    assertThat(received.body()).isEqualTo(whole);
    assertThat(received.header("transfer-encoding")).isEqualTo("chunked");
  }

  @Test
  void fixedLengthPostKeepsItsContentLength() {
    TestBackend backend = TestBackend.start(vertx, "app");
    edge.route("app.test", Upstream.of("app", backend.target()));

    edge.client().send(HttpMethod.POST, "app.test", "/form", MultiMap.caseInsensitiveMultiMap(),
      Buffer.buffer("a=1&b=2"));

    TestBackend.Received received = backend.onlyRequest();
    assertThat(received.header("content-length")).isEqualTo("7");
    assertThat(received.body().toString()).isEqualTo("a=1&b=2");
  }

  @Test
  void clientHostHeaderReachesBackend() {
    TestBackend backend = TestBackend.start(vertx, "app");
    edge.route("app.test", Upstream.of("app", backend.target()));

    edge.client().get("app.test", "/");

    assertThat(backend.onlyRequest().header("host")).isEqualTo("app.test");
  }

  @Test
  void strippedPrefixAndUntouchedQueryReachBackend() {
    TestBackend backend = TestBackend.start(vertx, "api");
    Route route = new Route("api", List.of("app.test"), "/api", List.of(), "api", true, Timeouts.DEFAULTS);
    edge.routes(List.of(route), List.of(Upstream.of("api", backend.target())));

    edge.client().get("app.test", "/api/users/42?q=a%20b&x=&x=2");

    assertThat(backend.onlyRequest().uri()).isEqualTo("/users/42?q=a%20b&x=&x=2");
  }

  @Test
  void swappedRouteTableAppliesToTheNextRequest() {
    TestBackend blue = TestBackend.start(vertx, "blue");
    TestBackend green = TestBackend.start(vertx, "green");
    edge.route("app.test", Upstream.of("blue", blue.target()));
    assertThat(edge.client().get("app.test", "/").body()).isEqualTo("blue");

    edge.route("app.test", Upstream.of("green", green.target()));

    assertThat(edge.client().get("app.test", "/").body()).isEqualTo("green");
    assertThat(blue.received()).hasSize(1);
  }
}
