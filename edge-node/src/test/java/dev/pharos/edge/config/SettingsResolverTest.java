package dev.pharos.edge.config;

import dev.pharos.edge.compression.CompressionSettings;
import dev.pharos.edge.compression.ContentCoding;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsResolverTest {

  @Test
  void defaultsFollowTheContract() {
    NodeSettings s = new SettingsResolver(null, Map.of(), Map.of()).resolve();

    assertThat(s.httpPort()).isEqualTo(8080);
    assertThat(s.adminHost()).isEqualTo("127.0.0.1");
    assertThat(s.adminPort()).isEqualTo(9090);
    assertThat(s.clusterName()).isEqualTo("pharos");
    assertThat(s.clusterAddress()).isEqualTo("127.0.0.1:5701");
    assertThat(s.clusterMembers()).isEmpty();
    assertThat(s.clusterQuorum()).isEqualTo(1);
    assertThat(s.dataDir().toString()).isEqualTo("./data");
  }

  @Test
  void systemPropertyOverridesEnvironmentWhichOverridesFile() {
    JsonObject file = new JsonObject().put("http", new JsonObject().put("port", 7001))
      .put("admin", new JsonObject().put("port", 7002)).put("cluster", new JsonObject().put("port", 7003));

    NodeSettings s = new SettingsResolver(file, Map.of("PHAROS_ADMIN_PORT", "8002", "PHAROS_CLUSTER_PORT", "8003"),
      Map.of("pharos.cluster.port", "9003")).resolve();

    assertThat(s.httpPort()).isEqualTo(7001);
    assertThat(s.adminPort()).isEqualTo(8002);
    assertThat(s.clusterPort()).isEqualTo(9003);
  }

  @Test
  void accessLogGoesToStdoutByDefaultWithRotationAndQueueDefaults() {
    NodeSettings s = new SettingsResolver(null, Map.of(), Map.of()).resolve();

    assertThat(s.accessLog()).isEqualTo("stdout");
    assertThat(s.accessLogMaxBytes()).isEqualTo(100L * 1024 * 1024);
    assertThat(s.accessLogFiles()).isEqualTo(5);
    assertThat(s.accessLogQueue()).isEqualTo(65536);
  }

  @Test
  void accessLogTakesOffOrAFileWithItsLimits() {
    assertThat(new SettingsResolver(null, Map.of("PHAROS_ACCESS_LOG", "OFF"), Map.of()).resolve().accessLog())
      .isEqualTo("off");

    JsonObject file = new JsonObject().put("accessLog", new JsonObject().put("output", "/var/log/pharos/access.log")
      .put("maxBytes", 5_000_000_000L).put("files", 10).put("queue", 1024));
    NodeSettings s = new SettingsResolver(file, Map.of(), Map.of()).resolve();

    assertThat(s.accessLog()).isEqualTo("/var/log/pharos/access.log");
    assertThat(s.accessLogMaxBytes()).isEqualTo(5_000_000_000L);
    assertThat(s.accessLogFiles()).isEqualTo(10);
    assertThat(s.accessLogQueue()).isEqualTo(1024);
  }

  @Test
  void invalidAccessLogSettingsAreReportedByTheirVariableNames() {
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_ACCESS_LOG", " ",
      "PHAROS_ACCESS_LOG_MAX_BYTES", "10", "PHAROS_ACCESS_LOG_FILES", "0", "PHAROS_ACCESS_LOG_QUEUE", "many"),
      Map.of()).resolve())
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("PHAROS_ACCESS_LOG is empty")
      .hasMessageContaining("PHAROS_ACCESS_LOG_MAX_BYTES=10")
      .hasMessageContaining("PHAROS_ACCESS_LOG_FILES=0")
      .hasMessageContaining("PHAROS_ACCESS_LOG_QUEUE=many");
  }

  @Test
  void configHistoryKeeps100VersionsByDefaultAndTheTokenIsNamedAdmin() {
    NodeSettings defaults = new SettingsResolver(null, Map.of(), Map.of()).resolve();
    assertThat(defaults.configHistory()).isEqualTo(100);
    assertThat(defaults.adminTokenName()).isEqualTo("admin");

    JsonObject file = new JsonObject().put("config", new JsonObject().put("history", 5))
      .put("admin", new JsonObject().put("tokenName", "deploy-bot"));
    NodeSettings s = new SettingsResolver(file, Map.of(), Map.of()).resolve();
    assertThat(s.configHistory()).isEqualTo(5);
    assertThat(s.adminTokenName()).isEqualTo("deploy-bot");
  }

  @Test
  void invalidHistorySizeAndEmptyTokenNameAreReportedByTheirVariableNames() {
    assertThatThrownBy(() -> new SettingsResolver(null,
      Map.of("PHAROS_CONFIG_HISTORY", "0", "PHAROS_ADMIN_TOKEN_NAME", " "), Map.of()).resolve())
      .hasMessageContaining("PHAROS_CONFIG_HISTORY=0").hasMessageContaining("PHAROS_ADMIN_TOKEN_NAME is empty");
  }

  @Test
  void adminEventStreamsSendEvery2SecondsToAtMost16ByDefaultAndTakeTheirSettings() {
    NodeSettings defaults = new SettingsResolver(null, Map.of(), Map.of()).resolve();
    assertThat(defaults.adminEventsInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.adminMaxEventStreams()).isEqualTo(16);

    JsonObject file = new JsonObject().put("admin", new JsonObject().put("eventsIntervalMs", 500)
      .put("maxEventStreams", 0));
    NodeSettings s = new SettingsResolver(file, Map.of(), Map.of()).resolve();
    assertThat(s.adminEventsInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.adminMaxEventStreams()).isZero();

    assertThatThrownBy(() -> new SettingsResolver(null,
      Map.of("PHAROS_ADMIN_EVENTS_INTERVAL_MS", "10", "PHAROS_ADMIN_MAX_EVENT_STREAMS", "-1"), Map.of()).resolve())
      .hasMessageContaining("PHAROS_ADMIN_EVENTS_INTERVAL_MS=10")
      .hasMessageContaining("PHAROS_ADMIN_MAX_EVENT_STREAMS=-1");
  }

  @Test
  void trustedProxiesAreNoneByDefaultAndTakeAListOfBlocks() {
    assertThat(new SettingsResolver(null, Map.of(), Map.of()).resolve().trustedProxies().cidrs()).isEmpty();

    assertThat(new SettingsResolver(null, Map.of("PHAROS_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::1"), Map.of())
      .resolve().trustedProxies().cidrs()).containsExactly("10.0.0.0/8", "2001:db8::1");
    JsonObject file = new JsonObject().put("proxy", new JsonObject()
      .put("trustedProxies", new JsonArray().add("192.0.2.0/24")));
    assertThat(new SettingsResolver(file, Map.of(), Map.of()).resolve().trustedProxies().cidrs())
      .containsExactly("192.0.2.0/24");
  }

  @Test
  void everyInvalidTrustedProxyIsReported() {
    assertThatThrownBy(() -> new SettingsResolver(null,
      Map.of("PHAROS_TRUSTED_PROXIES", "10.0.0.0/40,proxy.example"), Map.of()).resolve())
      .hasMessageContaining("PHAROS_TRUSTED_PROXIES: '10.0.0.0/40' (expected: ")
      .hasMessageContaining("PHAROS_TRUSTED_PROXIES: 'proxy.example' (expected: ");
  }

  @Test
  void compressionIsOnWithBrotliThenGzipAndTheProxyProtocolOffByDefault() {
    NodeSettings s = new SettingsResolver(null, Map.of(), Map.of()).resolve();

    assertThat(s.compression()).isEqualTo(CompressionSettings.DEFAULTS);
    assertThat(s.compression().codings()).containsExactly(ContentCoding.BR, ContentCoding.GZIP);
    assertThat(s.proxyProtocol()).isFalse();
  }

  @Test
  void compressionAndTheProxyProtocolAreSetFromTheEnvironmentOrTheFile() {
    NodeSettings fromEnv = new SettingsResolver(null, Map.of("PHAROS_COMPRESSION", "FALSE",
      "PHAROS_COMPRESSION_MIN_BYTES", "0", "PHAROS_COMPRESSION_TYPES", "Text/HTML, application/*",
      "PHAROS_COMPRESSION_CODINGS", "gzip", "PHAROS_COMPRESSION_GZIP_LEVEL", "9",
      "PHAROS_COMPRESSION_BROTLI_QUALITY", "11", "PHAROS_PROXY_PROTOCOL", "true"), Map.of()).resolve();
    JsonObject file = new JsonObject().put("http", new JsonObject().put("proxyProtocol", true))
      .put("compression", new JsonObject().put("types", new JsonArray().add("text/css")).put("minBytes", 10));
    NodeSettings fromFile = new SettingsResolver(file, Map.of(), Map.of()).resolve();

    assertThat(fromEnv.compression()).isEqualTo(new CompressionSettings(false, 0, List.of("text/html",
      "application/*"), List.of(ContentCoding.GZIP), 9, 11));
    assertThat(fromEnv.proxyProtocol()).isTrue();
    assertThat(fromFile.compression().types()).containsExactly("text/css");
    assertThat(fromFile.compression().minBytes()).isEqualTo(10);
    assertThat(fromFile.proxyProtocol()).isTrue();
  }

  @Test
  void everyInvalidCompressionOrProxyProtocolSettingIsReportedByItsVariableName() {
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_COMPRESSION", "yes",
      "PHAROS_COMPRESSION_MIN_BYTES", "-1", "PHAROS_COMPRESSION_CODINGS", "gzip,zstd",
      "PHAROS_COMPRESSION_GZIP_LEVEL", "0", "PHAROS_COMPRESSION_BROTLI_QUALITY", "12",
      "PHAROS_PROXY_PROTOCOL", "on"), Map.of()).resolve())
      .hasMessageContaining("PHAROS_COMPRESSION=yes (expected: true or false)")
      .hasMessageContaining("PHAROS_COMPRESSION_MIN_BYTES=-1")
      .hasMessageContaining("PHAROS_COMPRESSION_CODINGS: 'zstd' (expected: br or gzip)")
      .hasMessageContaining("PHAROS_COMPRESSION_GZIP_LEVEL=0 (expected: 1..9)")
      .hasMessageContaining("PHAROS_COMPRESSION_BROTLI_QUALITY=12 (expected: 0..11)")
      .hasMessageContaining("PHAROS_PROXY_PROTOCOL=on (expected: true or false)");
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_COMPRESSION_TYPES", "text/html,json"),
      Map.of()).resolve())
      .hasMessageContaining("PHAROS_COMPRESSION_TYPES: types: 'json' (expected: type/subtype or type/*, lower case)");
  }

  @Test
  void quorumIsAMajorityOfTheSeedListIncludingThisMember() {
    NodeSettings s = new SettingsResolver(null, Map.of("PHAROS_CLUSTER_MEMBERS",
      "127.0.0.1:5701, 127.0.0.1:5702,127.0.0.1:5703"), Map.of()).resolve();

    assertThat(s.clusterMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703");
    assertThat(s.clusterExpectedSize()).isEqualTo(3);
    assertThat(s.clusterQuorum()).isEqualTo(2);
  }

  @Test
  void nonLoopbackAdminWithoutTokenRefusesToStart() {
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_ADMIN_HOST", "0.0.0.0"), Map.of()).resolve())
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("PHAROS_ADMIN_TOKEN");

    NodeSettings withToken = new SettingsResolver(null,
      Map.of("PHAROS_ADMIN_HOST", "0.0.0.0", "PHAROS_ADMIN_TOKEN", "s3cret"), Map.of()).resolve();
    assertThat(withToken.adminToken()).isEqualTo("s3cret");
  }

  @Test
  void everyInvalidSettingIsReportedByItsVariableName() {
    assertThatThrownBy(() -> new SettingsResolver(new JsonObject().put("htp", new JsonObject()),
      Map.of("PHAROS_HTTP_PORT", "eighty", "PHAROS_CLUSTER_MEMBERS", "nohostport"), Map.of()).resolve())
      .hasMessageContaining("PHAROS_HTTP_PORT=eighty (expected: an integer)")
      .hasMessageContaining("PHAROS_CLUSTER_MEMBERS: 'nohostport' (expected: host:port)")
      .hasMessageContaining("unknown key 'htp'");
  }

  @Test
  void routesAndUpstreamsInTheFileBecomeTheSeed() {
    JsonObject file = new JsonObject()
      .put("upstreams", new JsonArray().add(new JsonObject().put("id", "web")))
      .put("routes", new JsonArray());

    NodeSettings s = new SettingsResolver(file, Map.of(), Map.of()).resolve();

    assertThat(s.seed().getJsonArray("upstreams")).hasSize(1);
    assertThat(new SettingsResolver(null, Map.of(), Map.of()).resolve().seed()).isNull();
  }

  @Test
  void clusterDnsReplacesTheMemberListAndTakesTheQuorumFromTheExpectedSize() {
    NodeSettings s = new SettingsResolver(null, Map.of("PHAROS_CLUSTER_DNS", "pharos-members.default.svc.cluster.local",
      "PHAROS_CLUSTER_EXPECTED_SIZE", "3", "PHAROS_CLUSTER_HOST", "interface:eth0"), Map.of()).resolve();

    assertThat(s.discoversByDns()).isTrue();
    assertThat(s.clusterDns()).isEqualTo("pharos-members.default.svc.cluster.local");
    assertThat(s.clusterMembers()).isEmpty();
    assertThat(s.clusterQuorum()).isEqualTo(2);
    assertThat(s.clusterHost()).isEqualTo("interface:eth0");
    assertThat(new SettingsResolver(null, Map.of(), Map.of()).resolve().discoversByDns()).isFalse();
  }

  @Test
  void clusterDnsNeedsAPlainNameNoMemberListAndAnExpectedSize() {
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_CLUSTER_DNS", "edge:5701",
      "PHAROS_CLUSTER_MEMBERS", "10.0.0.1:5701"), Map.of()).resolve())
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("PHAROS_CLUSTER_DNS=edge:5701 (expected: a host name")
      .hasMessageContaining("PHAROS_CLUSTER_DNS and PHAROS_CLUSTER_MEMBERS are both set")
      .hasMessageContaining("PHAROS_CLUSTER_DNS needs PHAROS_CLUSTER_EXPECTED_SIZE");
  }

  @Test
  void clusterHostTakesAnAddressANameOrAnInterface() {
    for (String host : new String[] {"10.0.0.7", "fd00::7", "edge-1.example", "interface:eth0"}) {
      assertThat(new SettingsResolver(null, Map.of("PHAROS_CLUSTER_HOST", host), Map.of()).resolve().clusterHost())
        .isEqualTo(host);
    }
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_CLUSTER_HOST", "interface:"), Map.of())
      .resolve())
      .hasMessageContaining("PHAROS_CLUSTER_HOST=interface: (expected: interface: and a network interface name");
    assertThatThrownBy(() -> new SettingsResolver(null, Map.of("PHAROS_CLUSTER_HOST", "edge 1"), Map.of()).resolve())
      .hasMessageContaining("PHAROS_CLUSTER_HOST=edge 1 (expected: an IP address, a host name or interface:NAME)");
  }
}
