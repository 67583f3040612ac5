package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sends mutated valid requests, each carrying another request as bait in its body and followed by a closing request.
 * The bait may reach the target only as a request the client was answered for: one that reached it otherwise was
 * framed as a body by one parser and as a request by another. Every answer the client got must be for a request the
 * target received as the client framed it, and afterwards the node still serves and holds no client connection.
 */
@ExtendWith(VertxExtension.class)
@Timeout(90)
class FramingFuzzTest {

  private static final long SEED = 20261126L;
  private static final int REQUESTS = 500;
  private static final String BAIT = "GET /smuggled HTTP/1.1\r\nHost: app.test\r\n\r\n";
  private static final String CLOSING = "GET /closing HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n";
  private static final List<String> VALID = List.of(
    "GET /get HTTP/1.1\r\nHost: app.test\r\nX-A: 1\r\n\r\n",
    "POST /length HTTP/1.1\r\nHost: app.test\r\nContent-Length: " + BAIT.length() + "\r\n\r\n" + BAIT,
    "POST /chunked HTTP/1.1\r\nHost: app.test\r\nTransfer-Encoding: chunked\r\n\r\n"
      + Integer.toHexString(BAIT.length()) + "\r\n" + BAIT + "\r\n0\r\n\r\n");
  private static final String[] TOKENS = {
    "\r\n", "\n", "\r", " ", "\t", ":", ",", "0", "1", "9", "-", "+", "\u0000", "\u007f", "\u00ff",
    "Transfer-Encoding: chunked\r\n", "Content-Length: 3\r\n", "Transfer-Encoding: gzip\r\n", "Host: other.test\r\n",
    " chunked", ", chunked", "\r\n\r\n", "0\r\n\r\n", "HTTP/1.0", "http://app.test", " \r\n x",
  };
  private static final Pattern SEEN = Pattern.compile("seen (\\S+) (\\d+)");

  @Test
  void theTargetReceivesExactlyTheRequestsAnsweredToTheClient(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "app", (request, response) ->
      response.end("seen " + request.uri() + " " + request.body().length()));
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", backend.target()));
    Random random = new Random(SEED);
    List<String> answered = new ArrayList<>();

    for (int i = 0; i < REQUESTS; i++) {
      String request = mutate(VALID.get(random.nextInt(VALID.size())), random);
      Matcher seen = SEEN.matcher(send(edge.port(), request + CLOSING));
      while (seen.find()) {
        answered.add(seen.group(1) + " " + seen.group(2));
      }
    }

    List<String> received = backend.received().stream()
      .map(r -> r.uri() + " " + r.body().length()).toList();
    assertThat(received).containsAll(answered);
    assertThat(received.stream().filter(r -> r.startsWith("/smuggled")))
      .containsExactlyInAnyOrderElementsOf(answered.stream().filter(r -> r.startsWith("/smuggled")).toList());
    assertThat(TestSockets.exchange(edge.port(), CLOSING)).startsWith("HTTP/1.1 200 OK\r\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> edge.connections().open() == 0);
  }

  private static String mutate(String valid, Random random) {
    StringBuilder request = new StringBuilder(valid);
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      int at = random.nextInt(request.length());
      switch (random.nextInt(3)) {
        case 0 -> request.setCharAt(at, TOKENS[random.nextInt(TOKENS.length)].charAt(0));
        case 1 -> request.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
        default -> request.delete(at, Math.min(request.length(), at + 1 + random.nextInt(4)));
      }
    }
    return request.toString();
  }

  /**
   * Everything the edge answers until it closes the connection, or until it has been silent for a while: a mutated
   * length can leave it waiting for body bytes that never come. Closing the socket then ends that request.
   */
  private static String send(int port, String request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(500);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException silent) {
        // the edge waits for more of the request; closing ends it
      } catch (IOException reset) {
        // the edge closed the connection without reading everything sent; what it answered first is kept
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new AssertionError("fuzz exchange with port " + port + " failed: " + e, e);
    }
  }
}
