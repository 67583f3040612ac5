package dev.pharos.edge.config;

import dev.pharos.edge.tls.TlsSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTPS listener, h2c and WebSocket settings. */
class ProtocolSettingsTest {

  @Test
  void httpsIsOffAndH2cIsOffByDefault() {
    NodeSettings s = new SettingsResolver(null, Map.of(), Map.of()).resolve();

    assertThat(s.tls()).isNull();
    assertThat(s.http2Cleartext()).isFalse();
    assertThat(s.webSocketIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void httpsNeedsItsPortAndCertificateFolderTogether() {
    NodeSettings s = new SettingsResolver(null, Map.of("PHAROS_HTTPS_PORT", "8443", "PHAROS_TLS_CERT_DIR", "/certs",
      "PHAROS_TLS_DEFAULT_CERT", "main", "PHAROS_TLS_RELOAD_INTERVAL_MS", "1000"), Map.of()).resolve();

    assertThat(s.tls()).isEqualTo(new TlsSettings(8443, Path.of("/certs"), "main", Duration.ofSeconds(1)));
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_HTTPS_PORT", "8443"), Map.of()).resolve())
      .hasMessageContaining("PHAROS_HTTPS_PORT is set but PHAROS_TLS_CERT_DIR is not");
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_TLS_CERT_DIR", "/certs"), Map.of()).resolve())
      .hasMessageContaining("PHAROS_TLS_CERT_DIR is set but PHAROS_HTTPS_PORT is not");
  }

  @Test
  void badValuesAreNamed() {
    Map<String, String> env = Map.of("PHAROS_HTTPS_PORT", "8080", "PHAROS_TLS_CERT_DIR", "/certs",
      "PHAROS_HTTP2_CLEARTEXT", "yes", "PHAROS_WEBSOCKET_IDLE_TIMEOUT_MS", "0", "PHAROS_TLS_RELOAD_INTERVAL_MS", "5");

    assertThatThrownBy(() -> new SettingsResolver(null, env, Map.of()).resolve())
      .hasMessageContaining("PHAROS_HTTPS_PORT=8080 is also PHAROS_HTTP_PORT")
      .hasMessageContaining("PHAROS_HTTP2_CLEARTEXT=yes (expected: true or false)")
      .hasMessageContaining("PHAROS_WEBSOCKET_IDLE_TIMEOUT_MS=0")
      .hasMessageContaining("PHAROS_TLS_RELOAD_INTERVAL_MS=5");
  }

  @Test
  void theFileNamesThemToo() {
    JsonObject file = new JsonObject()
      .put("http", new JsonObject().put("http2Cleartext", true))
      .put("https", new JsonObject().put("port", 443))
      .put("tls", new JsonObject().put("certDir", "/etc/pharos/certs"))
      .put("proxy", new JsonObject().put("webSocketIdleTimeoutMs", 60000));

    NodeSettings s = new SettingsResolver(file, Map.of(), Map.of()).resolve();

    assertThat(s.http2Cleartext()).isTrue();
    assertThat(s.tls().port()).isEqualTo(443);
    assertThat(s.tls().certDir()).isEqualTo(Path.of("/etc/pharos/certs"));
    assertThat(s.webSocketIdleTimeout()).isEqualTo(Duration.ofMinutes(1));
  }
}
