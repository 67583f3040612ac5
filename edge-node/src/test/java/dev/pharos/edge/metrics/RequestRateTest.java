package dev.pharos.edge.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RequestRateTest {

  private final AtomicLong answered = new AtomicLong(1_000);
  private final AtomicLong now = new AtomicLong(5_000_000_000L);
  private final RequestRate rate = new RequestRate(answered::get, now::get);

  @Test
  void averagesOverTheTimeSinceTheLastReading() {
    answered.addAndGet(300);
    now.addAndGet(2_000_000_000L);

    assertThat(rate.perSecond()).isEqualTo(150.0);

    answered.addAndGet(10);
    now.addAndGet(1_000_000_000L);
    assertThat(rate.perSecond()).isEqualTo(10.0);
  }

  @Test
  void aReadingTooSoonAfterTheLastKeepsTheLastRate() {
    answered.addAndGet(100);
    now.addAndGet(1_000_000_000L);
    assertThat(rate.perSecond()).isEqualTo(100.0);

    answered.addAndGet(5);
    now.addAndGet(RequestRate.MIN_WINDOW_NANOS - 1);
    assertThat(rate.perSecond()).isEqualTo(100.0);

    now.addAndGet(1);
    assertThat(rate.perSecond()).isEqualTo(5 * 1e9 / RequestRate.MIN_WINDOW_NANOS);
  }

  @Test
  void isZeroWithoutTraffic() {
    now.addAndGet(3_000_000_000L);
    assertThat(rate.perSecond()).isZero();
  }
}
