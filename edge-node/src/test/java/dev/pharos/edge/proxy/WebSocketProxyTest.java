package dev.pharos.edge.proxy;

import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Timeouts;
import dev.pharos.model.Upstream;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** WebSocket upgrades routed like requests and proxied frame by frame, closed when idle and when the node drains. */
@ExtendWith(VertxExtension.class)
@Timeout(60)
class WebSocketProxyTest {

  private static final String HOST = "ws.test";

  private Vertx vertx;
  private EchoServer echo;
  private TestEdge edge;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    echo = new EchoServer(vertx);
    edge = TestEdge.start(vertx, 1);
  }

  @Test
  void framesAreEchoedThroughTheEdgeBothWaysWithTheRoutedPathAndSubprotocol() throws Exception {
    edge.routes(List.of(new Route("chat", List.of(HOST), "/chat", List.of(), "echo", true,
      Timeouts.DEFAULTS)), List.of(Upstream.of("echo", echo.target)));
    Client client = connect("/chat/room?id=7", List.of("unknown", "echo.v1"));

    client.socket.writeTextMessage("hello").await();
    client.socket.writeBinaryMessage(Buffer.buffer(new byte[] {1, 2, 3})).await();

    assertThat(client.next()).isEqualTo("text:echo hello");
    assertThat(client.next()).isEqualTo("binary:3");
    assertThat(client.socket.subProtocol()).isEqualTo("echo.v1");
    EchoServer.Upgrade upgrade = echo.upgrades.poll(10, TimeUnit.SECONDS);
    assertThat(upgrade.uri()).isEqualTo("/room?id=7");
    assertThat(upgrade.headers().get("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(upgrade.headers().get("x-request-id")).isNotBlank();
    assertThat(upgrade.headers().get("host")).isEqualTo(HOST);

    client.socket.close((short) 4000, "done").await();
    assertThat(echo.closes.poll(10, TimeUnit.SECONDS)).isEqualTo("4000 done");
    await().atMost(Duration.ofSeconds(10)).until(() -> !edge.finished().isEmpty());
    FinishedRequest logged = edge.finished().get(0);
    assertThat(logged.status()).isEqualTo(101);
    assertThat(logged.routeId()).isEqualTo("chat");
    assertThat(logged.path()).isEqualTo("/chat/room");
    assertThat(logged.target()).isEqualTo(echo.target);
    assertThat(logged.bytesReceived()).isEqualTo("hello".length() + 3);
    assertThat(logged.bytesSent()).isEqualTo("echo hello".length() + 3);
    assertThat(edge.inFlight(echo.target)).isZero();
  }

  @Test
  void aTargetClosingIsPassedOnToTheClient() throws Exception {
    edge.route(HOST, Upstream.of("echo", echo.target));
    Client client = connect("/", null);

    client.socket.writeTextMessage("close-me").await();

    assertThat(client.closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
      .isEqualTo("4001 bye");
  }

  @Test
  void upgradesWithoutARouteOrTargetAreAnsweredLikeRequests() {
    edge.route("other.test", Upstream.of("echo", echo.target));
    assertThatThrownBy(() -> connect("/", null)).isInstanceOfSatisfying(UpgradeRejectedException.class,
      e -> assertThat(e.getStatus()).isEqualTo(404));

    edge.route(HOST, Upstream.of("empty"));
    assertThatThrownBy(() -> connect("/", null)).isInstanceOfSatisfying(UpgradeRejectedException.class,
      e -> assertThat(e.getStatus()).isEqualTo(503));

    assertThat(edge.finished()).extracting(FinishedRequest::status).containsExactly(404, 503);
  }

  @Test
  void anIdleWebSocketIsClosedWithGoingAwayAfterTheRoutesTimeout() throws Exception {
    edge.routes(List.of(Route.of("echo", HOST, "/", "echo").withWebSocketIdleTimeoutMs(300L)),
      List.of(Upstream.of("echo", echo.target)));
    Client client = connect("/", null);
    long start = System.nanoTime();

    String closed = client.closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    System.out.printf("idle WebSocket closed after %d ms (timeout 300 ms)%n", (System.nanoTime() - start) / 1_000_000);
    assertThat(closed).startsWith("1001");
    assertThat(echo.closes.poll(10, TimeUnit.SECONDS)).startsWith("1001");
  }

  @Test
  void aDrainingNodeClosesWebSocketsWithAGoingAwayFrame() throws Exception {
    edge.route(HOST, Upstream.of("echo", echo.target));
    Client client = connect("/", null);
    client.socket.writeTextMessage("ping").await();
    assertThat(client.next()).isEqualTo("text:echo ping");

    edge.verticles().forEach(v -> v.shutdown(Duration.ofSeconds(5)));

    assertThat(client.closed.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
      .isEqualTo("1001 server shutting down");
    assertThat(echo.closes.poll(10, TimeUnit.SECONDS)).isEqualTo("1001 server shutting down");
  }

  private Client connect(String uri, List<String> subProtocols) {
    WebSocketClient client = vertx.createWebSocketClient();
    Client connected = new Client();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(edge.port())
      .setURI(uri).setSubProtocols(subProtocols).putHeader("host", HOST);
    connected.socket = client.connect(options).await();
    connected.socket.frameHandler(frame -> {
      if (frame.isText()) {
        connected.messages.add("text:" + frame.textData());
      } else if (frame.isBinary()) {
        connected.messages.add("binary:" + frame.binaryData().length());
      }
    });
    connected.socket.closeHandler(v -> connected.closed.tryComplete(connected.socket.closeStatusCode() + " "
      + connected.socket.closeReason()));
    return connected;
  }

  private static final class Client {
    WebSocket socket;
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final Promise<String> closed = Promise.promise();

    String next() throws InterruptedException {
      String message = messages.poll(10, TimeUnit.SECONDS);
      assertThat(message).as("a message within 10 s").isNotNull();
      return message;
    }
  }

  /**
   * A WebSocket target that echoes text as {@code echo TEXT} and binary as is, closes with 4001 when told
   * {@code close-me}, supports the subprotocol {@code echo.v1}, and records each upgrade and each close it sees.
   */
  private static final class EchoServer {

    record Upgrade(String uri, MultiMap headers) {
    }

    final BlockingQueue<Upgrade> upgrades = new LinkedBlockingQueue<>();
    final BlockingQueue<String> closes = new LinkedBlockingQueue<>();
    final Target target;

    EchoServer(Vertx vertx) {
      var server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
          .setWebSocketSubProtocols(List.of("echo.v1")))
        .webSocketHandler(socket -> {
          upgrades.add(new Upgrade(socket.uri(), MultiMap.caseInsensitiveMultiMap().addAll(socket.headers())));
          socket.textMessageHandler(text -> {
            if (text.equals("close-me")) {
              socket.close((short) 4001, "bye");
            } else {
              socket.writeTextMessage("echo " + text);
            }
          });
          socket.binaryMessageHandler(socket::writeBinaryMessage);
          socket.closeHandler(v -> closes.add(socket.closeStatusCode() + " " + socket.closeReason()));
        });
      server.listen().await();
      target = Target.of("127.0.0.1", server.actualPort());
    }
  }
}
