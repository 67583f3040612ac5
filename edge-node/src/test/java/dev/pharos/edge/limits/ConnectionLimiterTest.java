package dev.pharos.edge.limits;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimiterTest {

  @Test
  void refusesPastTheClientLimitWhileOtherClientsStillConnect() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 2);

    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
    assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
    assertThat(limiter.open()).isEqualTo(3);
  }

  @Test
  void refusesPastTheNodeLimitWithoutCountingTheRefused() {
    ConnectionLimiter limiter = new ConnectionLimiter(2, 10);

    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.2")).isTrue();
    assertThat(limiter.tryAcquire("10.0.0.3")).isFalse();
    assertThat(limiter.open()).isEqualTo(2);
    assertThat(limiter.clients()).isEqualTo(2);
  }

  @Test
  void forgetsAClientOnceItsLastConnectionCloses() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 1);
    limiter.tryAcquire("10.0.0.1");
    limiter.tryAcquire("10.0.0.2");

    limiter.release("10.0.0.1");

    assertThat(limiter.clients()).isEqualTo(1);
    assertThat(limiter.open()).isEqualTo(1);
    assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
  }
}
