package dev.pharos.edge.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogThrottleTest {

  private static final long SECOND = LogThrottle.INTERVAL_NANOS;

  @Test
  void letsTheFirstLineThroughThenOneASecondWithTheCountLeftOut() {
    LogThrottle throttle = new LogThrottle();
    long start = -5 * SECOND; // nanoTime may be negative

    assertThat(throttle.admit(start)).isZero();
    assertThat(throttle.admit(start + 1)).isEqualTo(-1);
    assertThat(throttle.admit(start + SECOND - 1)).isEqualTo(-1);
    assertThat(throttle.admit(start + SECOND)).isEqualTo(2);
    assertThat(throttle.admit(start + SECOND + 10)).isEqualTo(-1);
    assertThat(throttle.admit(start + 5 * SECOND)).isEqualTo(1);
    assertThat(throttle.admit(start + 7 * SECOND)).isZero();
  }
}
