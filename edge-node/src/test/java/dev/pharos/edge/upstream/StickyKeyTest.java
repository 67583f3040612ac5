package dev.pharos.edge.upstream;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StickyKeyTest {

  @Test
  void theFirstNodeCreatesTheKeyAndTheOthersReadIt() {
    ConcurrentMap<String, byte[]> secrets = new ConcurrentHashMap<>();

    StickyKey first = StickyKey.loadOrCreate(secrets);
    StickyKey second = StickyKey.loadOrCreate(secrets);

    assertThat(secrets).hasSize(1);
    assertThat(second.token("web", "10.0.0.1:80")).isEqualTo(first.token("web", "10.0.0.1:80"));
  }

  @Test
  void tokensDependOnKeyUpstreamAndAddress() {
    StickyKey key = StickyKey.random();
    String token = key.token("web", "10.0.0.1:80");

    assertThat(token).matches("[A-Za-z0-9_-]{22}");
    assertThat(key.token("api", "10.0.0.1:80")).isNotEqualTo(token);
    assertThat(key.token("web", "10.0.0.2:80")).isNotEqualTo(token);
    assertThat(StickyKey.random().token("web", "10.0.0.1:80")).isNotEqualTo(token);
  }

  @Test
  void refusesAKeyOfTheWrongLength() {
    assertThatThrownBy(() -> StickyKey.of(new byte[16])).isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("16 bytes (expected: 32)");
  }
}
