package dev.pharos.edge.proxy;

import dev.pharos.edge.testing.TestBackend;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(VertxExtension.class)
@Timeout(30)
class TrustedProxiesTest {

  @Test
  void trustsAddressesInsideItsBlocksOnly() {
    TrustedProxies trusted = TrustedProxies.of(List.of("10.1.0.0/16", "192.0.2.7", "2001:db8::/33", "172.16.0.0/12"));

    assertThat(trusted.trusts("10.1.255.3")).isTrue();
    assertThat(trusted.trusts("10.2.0.1")).isFalse();
    assertThat(trusted.trusts("192.0.2.7")).isTrue();
    assertThat(trusted.trusts("192.0.2.8")).isFalse();
    assertThat(trusted.trusts("2001:db8:7fff::1")).isTrue();
    assertThat(trusted.trusts("2001:db8:8000::1")).isFalse();
    assertThat(trusted.trusts("172.31.0.1")).isTrue();
    assertThat(trusted.trusts("172.32.0.1")).isFalse();
    assertThat(trusted.trusts("not-an-address")).isFalse();
    assertThat(TrustedProxies.NONE.trusts("127.0.0.1")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.0/33", "10.0.0.0/x", "::/129", "proxy.example", "10.0.0/8", "10.0.0.1/-1"})
  void refusesWhatIsNotAnAddressOrBlock(String cidr) {
    assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of(cidr)))
      .withMessageContaining("'" + cidr + "' (expected: ");
  }

  @Test
  void forwardingHeadersFromATrustedProxyAreKeptAndForwardedForIsAppendedTo(Vertx vertx) {
    TestBackend backend = TestBackend.start(vertx, "app");
    TestEdge edge = TestEdge.start(vertx, TestEdge.settings()
        .withTrustedProxies(TrustedProxies.of(List.of("10.0.0.0/8", "127.0.0.0/8"))))
      .route("app.test", Upstream.of("app", backend.target()));

    edge.client().get("app.test", "/", EdgeHeadersTest.spoofedForwarding());

    TestBackend.Received received = backend.onlyRequest();
    assertThat(received.headers().getAll("x-forwarded-for")).containsExactly("203.0.113.9, 198.51.100.2, 127.0.0.1");
    assertThat(received.headers().getAll("x-forwarded-proto")).containsExactly("https");
    assertThat(received.headers().getAll("x-forwarded-host")).containsExactly("shop.test");
    assertThat(received.headers().getAll("forwarded")).containsExactly("for=203.0.113.9;proto=https");
    assertThat(received.headers().getAll("x-served-by")).isEmpty();
  }
}
