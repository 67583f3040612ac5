package dev.pharos.edge.proxy;

import dev.pharos.edge.limits.ListenerLimits;
import dev.pharos.edge.testing.TestBackend;
import dev.pharos.edge.testing.TestSockets;
import dev.pharos.model.HashOn;
import dev.pharos.model.LoadBalancing;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener with the PROXY protocol on, spoken to over raw sockets as an L4 balancer would: the address the header
 * carries is the client's everywhere the edge names it, and a connection without a valid header is closed unanswered.
 */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class ProxyProtocolTest {

  private static final String GET = "GET / HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n";

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v2"})
  void takesTheClientAddressFromTheHeader(String version, Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = proxyProtocolEdge(vertx, ListenerLimits.DEFAULTS).route("app.test",
      Upstream.of("app", backend.target()));
    String header = version.equals("v1") ? v1("203.0.113.7") : v2Tcp4("203.0.113.7", true);

    String response = TestSockets.exchange(edge.port(), header + GET);

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(backend.onlyRequest().header("x-forwarded-for")).isEqualTo("203.0.113.7");
    await().until(() -> !edge.finished().isEmpty());
    assertThat(edge.finished()).singleElement().extracting(FinishedRequest::client).isEqualTo("203.0.113.7");
  }

  @Test
  void takesAnIpv6ClientAddressFromAVersion1Header(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = proxyProtocolEdge(vertx, ListenerLimits.DEFAULTS).route("app.test",
      Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), "PROXY TCP6 2001:db8::1 2001:db8::2 51000 80\r\n" + GET);

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(backend.onlyRequest().header("x-forwarded-for")).isEqualTo("2001:db8:0:0:0:0:0:1");
  }

  @Test
  void keepsTheBalancersOwnAddressForALocalHeader(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = proxyProtocolEdge(vertx, ListenerLimits.DEFAULTS).route("app.test",
      Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), v2Tcp4("203.0.113.7", false) + GET);

    assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(backend.onlyRequest().header("x-forwarded-for")).isEqualTo("127.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    GET,
    "PROXY TCP4 203.0.113.7\r\n" + GET,
    "PROXY TCP4 203.0.113.777 10.0.0.1 51000 80\r\n" + GET,
    "PROXY TCP4 203.0.113.7 10.0.0.1 51000\r\n" + GET,
    "PROXY UDP4 203.0.113.7 10.0.0.1 51000 80\r\n" + GET,
    // Version 2 with an undefined command (2).
    "\r\n\r\n\0\r\nQUIT\n\"\021\0\014abcdefghijkl" + GET,
  })
  void closesAConnectionWithoutAValidHeaderUnanswered(String request, Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = proxyProtocolEdge(vertx, ListenerLimits.DEFAULTS).route("app.test",
      Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), request);

    assertThat(response).isEmpty();
    assertThat(backend.received()).isEmpty();
    await().until(() -> edge.connections().open() == 0);
  }

  @Test
  void refusesAHeaderWhenTheProtocolIsOff(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = TestEdge.start(vertx, 1).route("app.test", Upstream.of("app", backend.target()));

    String response = TestSockets.exchange(edge.port(), v1("203.0.113.7") + GET);

    // Not a request line the decoder can read, so it does not know the version either.
    assertThat(response).startsWith("HTTP/1.0 400 Bad Request\r\n");
    assertThat(backend.received()).isEmpty();
  }

  @Test
  void countsConnectionsPerClientByTheHeadersAddress(Vertx vertx) throws Exception {
    TestBackend backend = TestBackend.start(vertx, "backend");
    TestEdge edge = proxyProtocolEdge(vertx, ListenerLimits.DEFAULTS.withMaxConnections(100, 1))
      .route("app.test", Upstream.of("app", backend.target()));

    try (RawConnection first = new RawConnection(edge.port())) {
      first.send(v1("203.0.113.7") + "GET / HTTP/1.1\r\nHost: app.test\r\n\r\n");
      assertThat(first.readResponse()).startsWith("HTTP/1.1 200 OK\r\n");

      String sameClient = TestSockets.exchange(edge.port(), v1("203.0.113.7") + GET);
      String otherClient = TestSockets.exchange(edge.port(), v2Tcp4("203.0.113.8", true) + GET);

      assertThat(sameClient).isEmpty();
      assertThat(otherClient).startsWith("HTTP/1.1 200 OK\r\n");
    }
  }

  @Test
  void hashesOnTheHeadersAddress(Vertx vertx) {
    TestBackend a = TestBackend.start(vertx, "a");
    TestBackend b = TestBackend.start(vertx, "b");
    TestBackend c = TestBackend.start(vertx, "c");
    TestEdge edge = proxyProtocolEdge(vertx, ListenerLimits.DEFAULTS).route("app.test",
      Upstream.of("app", a.target(), b.target(), c.target()).withLoadBalancing(LoadBalancing.CONSISTENT_HASH,
        HashOn.IP));

    Set<String> used = new HashSet<>();
    for (int client = 1; client <= 12; client++) {
      String header = v1("198.51.100." + client);
      String first = TestSockets.exchange(edge.port(), header + GET);
      String second = TestSockets.exchange(edge.port(), header + GET);
      String target = first.substring(first.length() - 1);
      assertThat(second).as("client " + client).endsWith(target);
      used.add(target);
    }

    assertThat(used).hasSizeGreaterThan(1);
  }

  private static TestEdge proxyProtocolEdge(Vertx vertx, ListenerLimits limits) {
    return TestEdge.start(vertx, TestEdge.settings().withLimits(limits).withProxyProtocol(true));
  }

  private static String v1(String source) {
    return "PROXY TCP4 " + source + " 10.0.0.1 51000 80\r\n";
  }

  /** A version 2 header for TCP over IPv4 to 10.0.0.1:80, with the PROXY command or, when not proxied, LOCAL. */
  private static String v2Tcp4(String source, boolean proxied) {
    ByteBuffer header = ByteBuffer.allocate(28);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) (proxied ? 0x21 : 0x20));
    header.put((byte) 0x11);
    header.putShort((short) 12);
    for (String part : source.split("\\.")) {
      header.put((byte) Integer.parseInt(part));
    }
    header.put(new byte[] {10, 0, 0, 1});
    header.putShort((short) 51000);
    header.putShort((short) 80);
    return new String(header.array(), StandardCharsets.ISO_8859_1);
  }
}
