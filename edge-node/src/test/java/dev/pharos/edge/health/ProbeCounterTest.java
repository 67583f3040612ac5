package dev.pharos.edge.health;

import dev.pharos.model.HealthCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeCounterTest {

  private static final HealthCheck TWO_UP_THREE_DOWN = HealthCheck.of("/", 1000).withThresholds(2, 3);

  @Test
  void turnsUnhealthyAfterTheUnhealthyThresholdOfFailuresInARow() {
    ProbeCounter counter = new ProbeCounter(TWO_UP_THREE_DOWN, true);

    assertThat(counter.record(false)).isFalse();
    assertThat(counter.record(false)).isFalse();
    assertThat(counter.record(true)).isFalse();
    assertThat(counter.record(false)).isFalse();
    assertThat(counter.record(false)).isFalse();
    assertThat(counter.healthy()).isTrue();
    assertThat(counter.record(false)).isTrue();
    assertThat(counter.healthy()).isFalse();
  }

  @Test
  void turnsHealthyAgainAfterTheHealthyThresholdOfSuccessesInARow() {
    ProbeCounter counter = new ProbeCounter(TWO_UP_THREE_DOWN, false);

    assertThat(counter.record(true)).isFalse();
    assertThat(counter.record(false)).isFalse();
    assertThat(counter.record(true)).isFalse();
    assertThat(counter.record(true)).isTrue();
    assertThat(counter.healthy()).isTrue();
  }
}
