package dev.pharos.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AdminConfigTest {

  @Test
  void ofFillsInTheDefaults() {
    AdminConfig config = AdminConfig.of(AdminConfig.DEFAULT_HOST, AdminConfig.DEFAULT_PORT, "secret");

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(9090);
    assertThat(config.tokenName()).isEqualTo("admin");
    assertThat(config.maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(config.applyWaitTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"})
  void noTokenIsAllowedOnLoopback(String host) {
    assertThat(AdminConfig.of(host, 0, null).token()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0", "10.0.0.5", "admin.example.com", "::"})
  void noTokenIsRefusedOffLoopback(String host) {
    assertThatIllegalArgumentException().isThrownBy(() -> AdminConfig.of(host, 0, null))
      .withMessageContaining("token");
  }

  @Test
  void outOfRangeValuesAreRefusedNamingTheSetting() {
    assertThatIllegalArgumentException().isThrownBy(() -> AdminConfig.of("127.0.0.1", 65536, null))
      .withMessageStartingWith("port");
    assertThatIllegalArgumentException().isThrownBy(() -> AdminConfig.of("127.0.0.1", 0, " "))
      .withMessageStartingWith("token");
    assertThatIllegalArgumentException()
      .isThrownBy(() -> new AdminConfig("127.0.0.1", 0, "secret", " ", 1, Duration.ofSeconds(1)))
      .withMessageStartingWith("tokenName");
    assertThatIllegalArgumentException()
      .isThrownBy(() -> new AdminConfig("127.0.0.1", 0, null, "admin", 0, Duration.ofSeconds(1)))
      .withMessageStartingWith("maxBodyBytes");
    assertThatIllegalArgumentException()
      .isThrownBy(() -> new AdminConfig("127.0.0.1", 0, null, "admin", 1, Duration.ZERO))
      .withMessageStartingWith("applyWaitTimeout");
    AdminConfig config = AdminConfig.of("127.0.0.1", 0, null);
    assertThatIllegalArgumentException().isThrownBy(() -> config.withEvents(Duration.ZERO, 1))
      .withMessageStartingWith("eventsInterval");
    assertThatIllegalArgumentException().isThrownBy(() -> config.withEvents(Duration.ofSeconds(1), -1))
      .withMessageStartingWith("maxEventStreams");
  }
}
