package dev.pharos.edge.limits;

import dev.pharos.edge.config.SettingsResolver;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerLimitsSettingsTest {

  @Test
  void defaultsApplyWhenNothingIsSet() {
    assertThat(new SettingsResolver(null, Map.of(), Map.of()).resolve().limits()).isEqualTo(ListenerLimits.DEFAULTS);
  }

  @Test
  void everyLimitIsReadFromTheFileAndTheEnvironment() {
    JsonObject file = new JsonObject().put("limits", new JsonObject()
      .put("maxRequestLineBytes", 4096).put("maxHeaderBytes", 8192).put("maxHeaderCount", 50)
      .put("headerTimeoutMs", 5000).put("idleTimeoutMs", 30000));
    Map<String, String> env = Map.of("PHAROS_MAX_BODY_BYTES", "1048576", "PHAROS_MAX_CONNECTIONS", "2000",
      "PHAROS_MAX_CONNECTIONS_PER_CLIENT", "20");

    ListenerLimits limits = new SettingsResolver(file, env, Map.of()).resolve().limits();

    assertThat(limits).isEqualTo(new ListenerLimits(4096, 8192, 50, 1_048_576, Duration.ofSeconds(5),
      Duration.ofSeconds(30), 2000, 20));
  }

  @Test
  void invalidLimitsAreReportedByTheirVariableNames() {
    Map<String, String> env = Map.of("PHAROS_MAX_HEADER_COUNT", "0", "PHAROS_MAX_BODY_BYTES", "lots",
      "PHAROS_IDLE_TIMEOUT_MS", "0");

    assertThatThrownBy(() -> new SettingsResolver(null, env, Map.of()).resolve())
      .hasMessageContainingAll("PHAROS_MAX_HEADER_COUNT=0", "PHAROS_MAX_BODY_BYTES=lots", "PHAROS_IDLE_TIMEOUT_MS=0");
  }
}
