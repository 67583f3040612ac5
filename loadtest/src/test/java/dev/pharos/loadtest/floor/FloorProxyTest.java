package dev.pharos.loadtest.floor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both floor proxies against one origin that answers with what it received. */
class FloorProxyTest {

  enum Floor { VERTX, NETTY }

  private static Vertx vertx;
  private static HttpServer origin;
  private static NettyFloorProxy netty;
  private static int vertxPort;
  private static int nettyPort;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    origin = vertx.createHttpServer()
      .requestHandler(request -> request.body().onSuccess(body -> request.response()
        .setStatusCode(201)
        .putHeader("x-origin", "yes")
        .end(request.method() + " " + request.uri() + " host=" + request.headers().getAll("host")
          + " xff=" + request.getHeader("x-forwarded-for") + " proxy-auth=" + request.getHeader("proxy-authorization")
          + " bytes=" + body.length())))
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    vertxPort = freePort();
    FloorProxy.deploy(vertx, vertxPort, origin.actualPort()).await(10, TimeUnit.SECONDS);
    nettyPort = freePort();
    netty = NettyFloorProxy.start(nettyPort, origin.actualPort());
  }

  @AfterAll
  static void stop() throws Exception {
    netty.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(Floor.class)
  void forwardsARequestWithoutBodyAndPassesTheOriginsAnswerBack(Floor floor) throws Exception {
    int port = floor == Floor.VERTX ? vertxPort : nettyPort;
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/small?x=" + i)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(201);
      assertThat(response.headers().firstValue("x-origin")).hasValue("yes");
      assertThat(response.body()).isEqualTo("GET /small?x=" + i + " host=[127.0.0.1:" + port + "] xff=127.0.0.1"
        + " proxy-auth=null bytes=0");
    }
  }

  /** Over a plain socket: Java's HttpClient drops a Proxy-Authorization header of its caller's itself. */
  @ParameterizedTest
  @EnumSource(Floor.class)
  void keepsHopByHopHeadersFromTheOriginAndClosesWhenAsked(Floor floor) throws Exception {
    int port = floor == Floor.VERTX ? vertxPort : nettyPort;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET /hop HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Proxy-Authorization: Basic c2VjcmV0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.setSoTimeout(10_000);
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      assertThat(response).startsWith("HTTP/1.1 201").endsWith(" proxy-auth=null bytes=0");
    }
  }

  @ParameterizedTest
  @EnumSource(Floor.class)
  void forwardsARequestBody(Floor floor) throws Exception {
    int port = floor == Floor.VERTX ? vertxPort : nettyPort;
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
      + "/upload")).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])).build(),
      HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).endsWith("bytes=100000");
  }

  @ParameterizedTest
  @EnumSource(Floor.class)
  void answers502WhenTheOriginIsDown(Floor floor) throws Exception {
    int closedPort = freePort();
    int port = freePort();
    NettyFloorProxy nettyToNowhere = null;
    if (floor == Floor.VERTX) {
      FloorProxy.deploy(vertx, port, closedPort).await(10, TimeUnit.SECONDS);
    } else {
      nettyToNowhere = NettyFloorProxy.start(port, closedPort);
    }
    try {
      HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(502);
    } finally {
      if (nettyToNowhere != null) {
        nettyToNowhere.close();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
