package dev.pharos.edge.drain;

import dev.pharos.edge.config.NodeSettings;
import dev.pharos.edge.config.SettingsResolver;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainSettingsTest {

  @Test
  void drainsForFiveSecondsAndAtMostThirtyByDefault() {
    NodeSettings settings = resolve(Map.of());

    assertThat(settings.drainGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void acceptsNoGracePeriod() {
    NodeSettings settings = resolve(Map.of("PHAROS_DRAIN_GRACE_MS", "0", "PHAROS_DRAIN_TIMEOUT_MS", "5000"));

    assertThat(settings.drainGrace()).isZero();
    assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void refusesATimeoutThatLeavesNoTimeToLeaveTheCluster() {
    assertThatThrownBy(() -> resolve(Map.of("PHAROS_DRAIN_GRACE_MS", "2000", "PHAROS_DRAIN_TIMEOUT_MS", "6000")))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("PHAROS_DRAIN_TIMEOUT_MS=6000 (expected: >= 7000, the grace period plus 5000 ms to leave "
        + "the cluster)");
  }

  private static NodeSettings resolve(Map<String, String> env) {
    return new SettingsResolver(null, env, Map.of()).resolve();
  }
}
