package dev.pharos.loadtest.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoadRunTest {

  private static final long STALL_MILLIS = 500;

  @ParameterizedTest(name = "http2={0}")
  @ValueSource(booleans = {false, true})
  void openLoopLatencyIncludesTheServersDelay(boolean http2) throws Exception {
    try (TestOrigin origin = TestOrigin.delaying(20)) {
      RunResult result = run(TestSettings.to(origin.uri()).rate(100).connections(4).duration(Duration.ofSeconds(1))
          .http2(http2).build());

      assertThat(result.errorCount()).isZero();
      assertThat(result.requests()).isEqualTo(100);
      assertThat(origin.requests()).allMatch(r -> r.startsWith(http2 ? "HTTP_2" : "HTTP_1_1"));
      assertThat(result.latency().p50()).isGreaterThanOrEqualTo(20);
    }
  }

  @Test
  void closedLoopLatencyIncludesTheServersDelay() throws Exception {
    try (TestOrigin origin = TestOrigin.delaying(20)) {
      RunResult result = run(TestSettings.to(origin.uri()).connections(2).duration(Duration.ofSeconds(1)).build());

      assertThat(result.latency().p50()).isGreaterThanOrEqualTo(20);
      // Two slots each waiting 20 ms per answer cannot exceed 100 requests a second.
      assertThat(result.achievedRate()).isLessThanOrEqualTo(101);
    }
  }

  @Test
  void openLoopP99ReflectsAStallBecauseLatencyCountsFromTheIntendedSendTime() throws Exception {
    try (TestOrigin origin = TestOrigin.stallingAfter(100, STALL_MILLIS)) {
      RunResult result = run(TestSettings.to(origin.uri()).rate(200).duration(Duration.ofSeconds(2)).build());

      assertThat(result.latency().p99()).isGreaterThanOrEqualTo(STALL_MILLIS * 0.6);
      assertThat(result.latency().p90()).isGreaterThanOrEqualTo(STALL_MILLIS * 0.1);
    }
  }

  @Test
  void closedLoopSeesTheSameStallOnlyInItsMax() throws Exception {
    try (TestOrigin origin = TestOrigin.stallingAfter(100, STALL_MILLIS)) {
      RunResult result = run(TestSettings.to(origin.uri()).duration(Duration.ofSeconds(2)).build());

      assertThat(result.latency().max()).isGreaterThanOrEqualTo(STALL_MILLIS * 0.9);
      assertThat(result.latency().p99()).isLessThan(STALL_MILLIS * 0.2);
    }
  }

  @Test
  void rotatesOverTargetsAndSendsTheHostHeader() throws Exception {
    try (TestOrigin a = TestOrigin.delaying(0); TestOrigin b = TestOrigin.delaying(0)) {
      RunResult result = run(TestSettings.to(a.uri(), b.uri()).rate(100).connections(2)
          .headers(Map.of("Host", "tenant.example")).build());

      assertThat(result.requests()).isEqualTo(50);
      assertThat(a.received()).isEqualTo(25);
      assertThat(b.received()).isEqualTo(25);
      assertThat(a.authorities()).containsOnly("tenant.example");
    }
  }

  @ParameterizedTest(name = "http2={0}")
  @ValueSource(booleans = {false, true})
  void loadsASelfSignedHttpsTargetWhenInsecure(boolean http2) throws Exception {
    try (TestOrigin origin = TestOrigin.tls()) {
      RunResult result = run(TestSettings.to(origin.uri()).rate(100).http2(http2).insecure().build());

      assertThat(result.errorCount()).isZero();
      assertThat(origin.requests()).hasSize(50).allMatch(r -> r.startsWith(http2 ? "HTTP_2 GET" : "HTTP_1_1 GET"));
    }
  }

  @Test
  void countsErrorsByKind() throws Exception {
    URI refused;
    try (TestOrigin closed = TestOrigin.delaying(0)) {
      refused = closed.uri();
    }
    try (TestOrigin failing = TestOrigin.answering(503)) {
      RunResult result = run(TestSettings.to(failing.uri(), refused).rate(100).build());

      assertThat(result.errors()).containsEntry(ErrorKind.STATUS_5XX, 25L).containsEntry(ErrorKind.CONNECT, 25L);
    }
  }

  @Test
  void aRetrySendsARefusedRequestToTheNextTarget() throws Exception {
    URI refused;
    try (TestOrigin closed = TestOrigin.delaying(0)) {
      refused = closed.uri();
    }
    try (TestOrigin origin = TestOrigin.delaying(0)) {
      RunResult result = run(TestSettings.to(origin.uri(), refused).rate(100).retries(1).build());

      assertThat(result.errors()).as("errors").allSatisfy((kind, count) -> assertThat(count).isZero());
      assertThat(result.requests()).isEqualTo(50);
      assertThat(origin.received()).isEqualTo(50);
    }
  }

  @Test
  void aRetrySendsAgainARequestWhoseKeptAliveConnectionWasReset() throws Exception {
    try (ResettingOrigin origin = new ResettingOrigin()) {
      RunResult result = run(TestSettings.to(origin.uri()).rate(20).connections(1).retries(1).build());

      assertThat(result.errors()).as("errors").allSatisfy((kind, count) -> assertThat(count).isZero());
      assertThat(result.requests()).isEqualTo(10);
      assertThat(origin.resets()).isPositive();
    }
  }

  @Test
  void warmupRequestsAreNotRecorded() throws Exception {
    try (TestOrigin origin = TestOrigin.delaying(0)) {
      RunResult result = run(TestSettings.to(origin.uri()).rate(100).warmup(Duration.ofMillis(500)).build());

      assertThat(origin.received()).isEqualTo(100);
      assertThat(result.requests()).isEqualTo(50);
    }
  }

  private static RunResult run(LoadSettings settings) throws Exception {
    return new LoadRun(settings).run(log -> {});
  }

  /**
   * Answers the first request of each connection and resets the connection when the second arrives, as a server that
   * closes a kept-alive connection the client has just sent on.
   */
  private static final class ResettingOrigin implements AutoCloseable {

    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final AtomicInteger resets = new AtomicInteger();
    private final Thread acceptor = new Thread(this::accept, "resetting-origin");

    ResettingOrigin() throws IOException {
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    int resets() {
      return resets.get();
    }

    private void accept() {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
            StandardCharsets.US_ASCII));
          readHead(in);
          socket.getOutputStream().write(OK);
          socket.getOutputStream().flush();
          if (readHead(in)) {
            socket.setSoLinger(true, 0);
            resets.incrementAndGet();
          }
        } catch (IOException closed) {
          // The test is over, or the client went away: next connection.
        }
      }
    }

    /** Reads a request head; false when the connection ended first. */
    private static boolean readHead(BufferedReader in) throws IOException {
      String line = in.readLine();
      if (line == null) {
        return false;
      }
      while (line != null && !line.isEmpty()) {
        line = in.readLine();
      }
      return true;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
