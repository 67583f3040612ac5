package dev.pharos.edge.ratelimit;

import dev.pharos.edge.config.SettingsResolver;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitSettingsTest {

  @Test
  void defaultsApplyWhenNothingIsSet() {
    assertThat(new SettingsResolver(null, Map.of(), Map.of()).resolve().rateLimits())
      .isEqualTo(RateLimitSettings.DEFAULTS);
  }

  @Test
  void everySettingIsReadFromTheFileAndTheEnvironment() {
    JsonObject file = new JsonObject().put("rateLimit", new JsonObject().put("syncIntervalMs", 50)
      .put("maxKeys", 1000).put("overflow", "refuse"));
    Map<String, String> env = Map.of("PHAROS_RATE_LIMIT_KEY_IDLE_MS", "5000",
      "PHAROS_RATE_LIMIT_OWNER_TIMEOUT_MS", "250");

    RateLimitSettings settings = new SettingsResolver(file, env, Map.of()).resolve().rateLimits();

    assertThat(settings).isEqualTo(new RateLimitSettings(Duration.ofMillis(50), 1000,
      RateLimitSettings.Overflow.REFUSE, Duration.ofSeconds(5), Duration.ofMillis(250)));
    assertThat(settings.leaseLifetimeMillis()).isEqualTo(500);
    assertThat(settings.activeWindowMillis()).isEqualTo(1000);
  }

  @Test
  void invalidSettingsAreReportedByTheirVariableNames() {
    Map<String, String> env = Map.of("PHAROS_RATE_LIMIT_SYNC_INTERVAL_MS", "1", "PHAROS_RATE_LIMIT_OVERFLOW", "drop",
      "PHAROS_RATE_LIMIT_MAX_KEYS", "0", "PHAROS_RATE_LIMIT_KEY_IDLE_MS", "10");

    assertThatThrownBy(() -> new SettingsResolver(null, env, Map.of()).resolve())
      .hasMessageContainingAll("PHAROS_RATE_LIMIT_SYNC_INTERVAL_MS=1", "PHAROS_RATE_LIMIT_OVERFLOW=drop",
        "shared-key or refuse", "PHAROS_RATE_LIMIT_MAX_KEYS=0", "PHAROS_RATE_LIMIT_KEY_IDLE_MS=10");
  }
}
