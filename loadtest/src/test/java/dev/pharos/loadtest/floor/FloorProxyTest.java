package dev.pharos.loadtest.floor;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FloorProxyTest {

  private static Vertx vertx;
  private static HttpServer origin;
  private static int proxyPort;
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    // Answers with what it received: the method, the path, the Host and X-Forwarded-For headers, the body's size.
    origin = vertx.createHttpServer()
      .requestHandler(request -> request.body().onSuccess(body -> request.response()
        .setStatusCode(201)
        .putHeader("x-origin", "yes")
        .end(request.method() + " " + request.uri() + " host=" + request.headers().getAll("host")
          + " xff=" + request.getHeader("x-forwarded-for")
          + " bytes=" + body.length())))
      .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    try (ServerSocket socket = new ServerSocket(0)) {
      proxyPort = socket.getLocalPort();
    }
    FloorProxy.deploy(vertx, proxyPort, origin.actualPort()).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void forwardsARequestWithoutBodyAndStreamsTheOriginsAnswerBack() throws Exception {
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(proxied("/small?x=1")).build(),
      HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("x-origin")).hasValue("yes");
    assertThat(response.body()).isEqualTo("GET /small?x=1 host=[127.0.0.1:" + proxyPort + "] xff=127.0.0.1 bytes=0");
  }

  @Test
  void forwardsARequestBody() throws Exception {
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(proxied("/upload"))
      .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).endsWith("bytes=100000");
  }

  @Test
  void answers502WhenTheOriginIsDown() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    FloorProxy.deploy(vertx, port, closedPort).await(10, TimeUnit.SECONDS);

    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
      .build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(502);
  }

  private static URI proxied(String path) {
    return URI.create("http://127.0.0.1:" + proxyPort + path);
  }
}
