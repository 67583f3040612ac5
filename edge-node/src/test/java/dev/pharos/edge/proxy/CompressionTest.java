package dev.pharos.edge.proxy;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import dev.pharos.edge.compression.CompressionSettings;
import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.Upstream;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Responses compressed by the edge, and those it must leave alone, seen as raw bytes by a client that asks over a
 * plain socket: the target answers as each test says.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class CompressionTest {

  /** Compressible text well above the default threshold. */
  private static final int GZIP_HEADER_BYTES = 10;
  private static final String PAGE = "<p>Pharos compresses what the client accepts.</p>\n".repeat(200);

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "gzip                 | gzip",
    "gzip, deflate, br    | br",
    "br;q=0.5, gzip;q=0.9 | gzip",
    "*                    | br",
  })
  void compressesWithTheCodingTheClientRanksHighest(String acceptEncoding, String coding, Vertx vertx) {
    TestEdge edge = edgeAnswering(vertx, TestEdge.settings(), response -> response
      .putHeader("content-type", "text/html; charset=utf-8").putHeader("etag", "\"v1\"")
      .putHeader("accept-ranges", "bytes").end(PAGE));

    RawResponse response = get(edge, "Accept-Encoding: " + acceptEncoding + "\r\n");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("content-encoding")).isEqualTo(coding);
    assertThat(response.header("vary")).isEqualToIgnoringCase("accept-encoding");
    assertThat(response.header("content-length")).isNull();
    assertThat(response.chunked()).isTrue();
    assertThat(response.header("etag")).isEqualTo("W/\"v1\"");
    assertThat(response.header("accept-ranges")).isNull();
    assertThat(response.header("content-type")).isEqualTo("text/html; charset=utf-8");
    assertThat(response.body().length).isLessThan(PAGE.length() / 10);
    assertThat(decode(coding, response.body())).isEqualTo(PAGE);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(strings = {"", "Accept-Encoding: identity\r\n", "Accept-Encoding: gzip;q=0, br;q=0\r\n",
    "Accept-Encoding: deflate\r\n"})
  void sendsTheBodyAsItIsToAClientThatDoesNotAcceptACodingButStillVaries(String acceptEncoding, Vertx vertx) {
    TestEdge edge = edgeAnswering(vertx, TestEdge.settings(), response -> response
      .putHeader("content-type", "application/json").putHeader("etag", "\"v1\"").end(PAGE));

    RawResponse response = get(edge, acceptEncoding);

    assertThat(response.header("content-encoding")).isNull();
    assertThat(response.header("vary")).isEqualToIgnoringCase("accept-encoding");
    assertThat(response.header("etag")).isEqualTo("\"v1\"");
    assertThat(response.header("content-length")).isEqualTo(String.valueOf(PAGE.length()));
    assertThat(text(response.body())).isEqualTo(PAGE);
  }

  @Test
  void addsAcceptEncodingToTheOriginsVaryOnce(Vertx vertx) {
    TestEdge edge = edgeAnswering(vertx, TestEdge.settings(), response -> response
      .putHeader("content-type", "text/plain").putHeader("vary", "Origin").end(PAGE));
    TestEdge edgeVaryingAlready = edgeAnswering(vertx, TestEdge.settings(), response -> response
      .putHeader("content-type", "text/plain").putHeader("vary", "origin, accept-encoding").end(PAGE));

    assertThat(get(edge, "Accept-Encoding: gzip\r\n").headers().getAll("vary"))
      .containsExactly("Origin", "Accept-Encoding");
    assertThat(get(edgeVaryingAlready, "Accept-Encoding: gzip\r\n").headers().getAll("vary"))
      .containsExactly("origin, accept-encoding");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
    "not a compressible type     | 200 | image/png  |                                |",
    "below the size threshold    | 200 | text/plain |                                | short",
    "partial content             | 206 | text/plain | content-range: bytes 0-9/99999 |",
    "no-transform                | 200 | text/plain | cache-control: public, no-transform |",
    "already encoded by origin   | 200 | text/plain | content-encoding: gzip         |",
    "no content type             | 200 |            |                                |",
  })
  void leavesTheResponseAsItIs(String why, int status, String contentType, String header, String body, Vertx vertx) {
    String sent = body == null ? PAGE : body;
    TestEdge edge = edgeAnswering(vertx, TestEdge.settings(), response -> {
      response.setStatusCode(status);
      if (contentType != null) {
        response.putHeader("content-type", contentType);
      }
      if (header != null) {
        response.putHeader(header.substring(0, header.indexOf(':')), header.substring(header.indexOf(':') + 1).trim());
      }
      response.end(sent);
    });

    RawResponse response = get(edge, "Accept-Encoding: gzip, br\r\n");

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("content-encoding")).isEqualTo(header != null && header.startsWith("content-encoding")
      ? "gzip" : null);
    assertThat(response.header("vary")).isNull();
    assertThat(text(response.body())).isEqualTo(sent);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(ints = {204, 304})
  void neverCompressesResponsesWithoutContent(int status, Vertx vertx) {
    TestEdge edge = edgeAnswering(vertx, TestEdge.settings(), response -> response.setStatusCode(status)
      .putHeader("content-type", "text/plain").end());

    RawResponse response = get(edge, "Accept-Encoding: gzip\r\n");

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("content-encoding")).isNull();
    assertThat(response.body()).isEmpty();
  }

  @Test
  void neverCompressesAnswersToHeadOrToHttp10Clients(Vertx vertx) {
    TestEdge edge = edgeAnswering(vertx, TestEdge.settings(), response -> response
      .putHeader("content-type", "text/plain").end(PAGE));

    RawResponse head = RawResponse.parse(TestSockets.exchange(edge.port(), "HEAD / HTTP/1.1\r\nHost: app.test\r\n"
      + "Accept-Encoding: gzip\r\nConnection: close\r\n\r\n"));
    RawResponse http10 = RawResponse.parse(TestSockets.exchange(edge.port(), "GET / HTTP/1.0\r\nHost: app.test\r\n"
      + "Accept-Encoding: gzip\r\n\r\n"));

    assertThat(head.header("content-encoding")).isNull();
    assertThat(head.body()).isEmpty();
    assertThat(http10.header("content-encoding")).isNull();
    assertThat(text(http10.body())).isEqualTo(PAGE);
  }

  @Test
  void compressesABodyOfUnknownLengthAndAThresholdOfItsOwn(Vertx vertx) {
    TestEdge edge = edgeAnswering(vertx,
      TestEdge.settings().withCompression(CompressionSettings.DEFAULTS.withMinBytes(100_000)),
      response -> {
        response.putHeader("content-type", "text/css").setChunked(true).write("a{}");
        response.end(PAGE);
      });
    TestEdge declared = edgeAnswering(vertx,
      TestEdge.settings().withCompression(CompressionSettings.DEFAULTS.withMinBytes(100_000)),
      response -> response.putHeader("content-type", "text/css").end(PAGE));

    RawResponse unknown = get(edge, "Accept-Encoding: gzip\r\n");
    RawResponse small = get(declared, "Accept-Encoding: gzip\r\n");

    assertThat(unknown.header("content-encoding")).isEqualTo("gzip");
    assertThat(decode("gzip", unknown.body())).isEqualTo("a{}" + PAGE);
    assertThat(small.header("content-encoding")).isNull();
  }

  @Test
  void compressesNothingWhenTurnedOff(Vertx vertx) {
    TestEdge edge = edgeAnswering(vertx, TestEdge.settings().withCompression(CompressionSettings.OFF),
      response -> response.putHeader("content-type", "text/html").end(PAGE));

    RawResponse response = get(edge, "Accept-Encoding: gzip, br\r\n");

    assertThat(response.header("content-encoding")).isNull();
    assertThat(response.header("vary")).isNull();
    assertThat(text(response.body())).isEqualTo(PAGE);
  }

  /**
   * The target sends the first half and waits for the client to have it, decompressed, before it sends the rest: a
   * compressor that buffered the body would never hand the first half over, and the test would time out.
   */
  @Test
  void streamsEachChunkCompressedAsItArrives(Vertx vertx) throws Exception {
    Promise<Void> firstHalfSeen = Promise.promise();
    TestEdge edge = edgeAnswering(vertx, TestEdge.settings(), response -> {
      response.setChunked(true).putHeader("content-type", "text/plain");
      response.write(PAGE);
      firstHalfSeen.future().onComplete(v -> response.end(PAGE));
    });

    try (Socket socket = new Socket("127.0.0.1", edge.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: app.test\r\nAccept-Encoding: gzip\r\n"
        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      StringBuilder received = new StringBuilder();
      String inflated = "";
      while (inflated.length() < PAGE.length()) {
        int b = in.read();
        assertThat(b).as("the edge closed before the first half was readable").isNotNegative();
        received.append((char) b);
        inflated = inflateSoFar(received);
      }
      assertThat(inflated).isEqualTo(PAGE);
      vertx.runOnContext(v -> firstHalfSeen.complete());
      received.append(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
      assertThat(decode("gzip", RawResponse.parse(received.toString()).body())).isEqualTo(PAGE + PAGE);
    }
  }

  /** What the complete chunks of the raw gzip stream received so far inflate to; empty until the head is in. */
  private static String inflateSoFar(StringBuilder received) throws DataFormatException {
    int head = received.indexOf("\r\n\r\n");
    if (head < 0 || received.charAt(received.length() - 1) != '\n') {
      return "";
    }
    StringBuilder compressed = new StringBuilder();
    int at = head + 4;
    for (int sizeEnd; (sizeEnd = received.indexOf("\r\n", at)) > 0; ) {
      int size = Integer.parseInt(received.substring(at, sizeEnd), 16);
      if (received.length() < sizeEnd + 2 + size + 2) {
        break;
      }
      compressed.append(received, sizeEnd + 2, sizeEnd + 2 + size);
      at = sizeEnd + 2 + size + 2;
    }
    if (compressed.length() <= GZIP_HEADER_BYTES) {
      return "";
    }
    Inflater inflater = new Inflater(true);
    inflater.setInput(compressed.substring(GZIP_HEADER_BYTES).getBytes(StandardCharsets.ISO_8859_1));
    byte[] out = new byte[PAGE.length() * 2];
    int n = inflater.inflate(out);
    inflater.end();
    return new String(out, 0, n, StandardCharsets.ISO_8859_1);
  }

  private static TestEdge edgeAnswering(Vertx vertx, ProxySettings settings, Consumer<HttpServerResponse> answer) {
    AtomicReference<Consumer<HttpServerResponse>> responder = new AtomicReference<>(answer);
    TestBackend backend = TestBackend.start(vertx, "app", (request, response) -> responder.get().accept(response));
    return TestEdge.start(vertx, settings).route("app.test", Upstream.of("app", backend.target()));
  }

  private static RawResponse get(TestEdge edge, String headers) {
    return RawResponse.parse(TestSockets.exchange(edge.port(),
      "GET / HTTP/1.1\r\nHost: app.test\r\n" + headers + "Connection: close\r\n\r\n"));
  }

  private static String decode(String coding, byte[] body) {
    try (InputStream in = coding.equals("br") ? new BrotliInputStream(new ByteArrayInputStream(body))
      : new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}
