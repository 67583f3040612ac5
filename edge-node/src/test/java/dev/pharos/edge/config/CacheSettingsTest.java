package dev.pharos.edge.config;

import dev.pharos.edge.cache.CacheSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheSettingsTest {

  @Test
  void defaultsTakeAQuarterOfTheHeapWithOneBackup() {
    CacheSettings cache = new SettingsResolver(null, Map.of(), Map.of()).resolve().cache();

    assertThat(cache.maxMemoryBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 25);
    assertThat(cache.hotMaxBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 100 * 5);
    assertThat(cache.backups()).isEqualTo(1);
    assertThat(cache.collapseTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(cache.revalidationWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(cache.purgeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(cache.storeWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void theBoundIsSharedBetweenPrimariesAndBackups() {
    CacheSettings cache = new SettingsResolver(new JsonObject().put("cache", new JsonObject()
      .put("maxMemoryBytes", 64L * 1024 * 1024).put("backups", 3)), Map.of(), Map.of()).resolve().cache();

    assertThat(cache.primaryMegabytesPerNode()).isEqualTo(16);
  }

  @Test
  void invalidCacheSettingsAreReportedByTheirVariableNames() {
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_CACHE_BACKUPS", "7",
      "PHAROS_CACHE_MAX_MEMORY_BYTES", "1000", "PHAROS_CACHE_COLLAPSE_TIMEOUT_MS", "0"), Map.of()).resolve())
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("PHAROS_CACHE_BACKUPS=7")
      .hasMessageContaining("PHAROS_CACHE_MAX_MEMORY_BYTES=1000")
      .hasMessageContaining("PHAROS_CACHE_COLLAPSE_TIMEOUT_MS=0");
  }
}
