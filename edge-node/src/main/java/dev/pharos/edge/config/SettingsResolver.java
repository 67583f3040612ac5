package dev.pharos.edge.config;

import dev.pharos.admin.AdminConfig;
import dev.pharos.edge.cache.CacheSettings;
import dev.pharos.edge.drain.DrainSequence;
import dev.pharos.edge.accesslog.AccessLogOutput;
import dev.pharos.edge.compression.CompressionSettings;
import dev.pharos.edge.compression.ContentCoding;
import dev.pharos.edge.limits.ListenerLimits;
import dev.pharos.edge.proxy.ProxySettings;
import dev.pharos.edge.proxy.TrustedProxies;
import dev.pharos.edge.ratelimit.RateLimitSettings;
import dev.pharos.edge.tls.TlsSettings;
import dev.pharos.model.Route;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the raw sources (YAML file, environment, system properties) into checked {@link NodeSettings}. Pure: no files,
 * no network, so every rule here is unit-tested. Collects every problem before failing.
 */
public final class SettingsResolver {

  private static final Pattern HOST_NAME = Pattern.compile(
    "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*");
  private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

  private final JsonObject file;
  private final Map<String, String> env;
  private final Map<String, String> system;
  private final List<String> problems = new ArrayList<>();

  public SettingsResolver(JsonObject file, Map<String, String> env, Map<String, String> system) {
    this.file = file == null ? new JsonObject() : file;
    this.env = env;
    this.system = system;
  }

  /**
   * @throws IllegalArgumentException listing every invalid setting, by its environment variable name
   */
  public NodeSettings resolve() {
    rejectUnknownFileKeys();
    String clusterHost = string(Setting.CLUSTER_HOST, "127.0.0.1");
    int clusterPort = port(Setting.CLUSTER_PORT, NodeSettings.DEFAULT_CLUSTER_PORT);
    List<String> members = members();
    String dns = clusterDns(members);
    int expectedDefault = expectedSize(members, clusterHost + ":" + clusterPort);
    NodeSettings settings = new NodeSettings(
      string(Setting.NODE_NAME, defaultNodeName()),
      string(Setting.HTTP_HOST, "0.0.0.0"),
      port(Setting.HTTP_PORT, NodeSettings.DEFAULT_HTTP_PORT),
      integer(Setting.PROXY_INSTANCES, Runtime.getRuntime().availableProcessors() * 2, 1, 256),
      integer(Setting.PROXY_MAX_CONNECTIONS_PER_TARGET, NodeSettings.DEFAULT_MAX_CONNECTIONS_PER_TARGET, 1, 100_000),
      integer(Setting.PROXY_MAX_PENDING_PER_TARGET, NodeSettings.DEFAULT_MAX_PENDING_PER_TARGET, 0, 1_000_000),
      limits(),
      trustedProxies(),
      rateLimits(),
      string(Setting.ADMIN_HOST, "127.0.0.1"),
      port(Setting.ADMIN_PORT, NodeSettings.DEFAULT_ADMIN_PORT),
      emptyToNull(string(Setting.ADMIN_TOKEN, null)),
      tokenName(),
      integer(Setting.ADMIN_MAX_BODY_BYTES, NodeSettings.DEFAULT_ADMIN_MAX_BODY_BYTES, 1024, 256 * 1024 * 1024),
      millis(Setting.ADMIN_APPLY_WAIT_TIMEOUT_MS, NodeSettings.DEFAULT_ADMIN_APPLY_WAIT_TIMEOUT),
      millis(Setting.ADMIN_EVENTS_INTERVAL_MS, NodeSettings.DEFAULT_ADMIN_EVENTS_INTERVAL, 100),
      integer(Setting.ADMIN_MAX_EVENT_STREAMS, NodeSettings.DEFAULT_ADMIN_MAX_EVENT_STREAMS, 0, 10_000),
      string(Setting.CLUSTER_NAME, NodeSettings.DEFAULT_CLUSTER_NAME),
      clusterHost(clusterHost),
      clusterPort,
      members,
      dns,
      integer(Setting.CLUSTER_EXPECTED_SIZE, expectedDefault, 1, 1000),
      integer(Setting.CLUSTER_EVENT_BUS_PORT, 0, 0, 65535),
      millis(Setting.CLUSTER_FAILURE_TIMEOUT_MS, NodeSettings.DEFAULT_CLUSTER_FAILURE_TIMEOUT),
      millis(Setting.CONFIG_CHECK_INTERVAL_MS, NodeSettings.DEFAULT_CONFIG_CHECK_INTERVAL),
      integer(Setting.CONFIG_HISTORY, NodeSettings.DEFAULT_CONFIG_HISTORY, 1, 10_000),
      integer(Setting.CONFIG_HISTORY_WHOLE_TABLE_EVERY, NodeSettings.DEFAULT_CONFIG_HISTORY_WHOLE_TABLE_EVERY, 1,
        10_000),
      Path.of(string(Setting.DATA_DIR, "./data")),
      millis(Setting.DRAIN_GRACE_MS, NodeSettings.DEFAULT_DRAIN_GRACE, 0),
      millis(Setting.DRAIN_TIMEOUT_MS, NodeSettings.DEFAULT_DRAIN_TIMEOUT, 1),
      accessLog(),
      longInteger(Setting.ACCESS_LOG_MAX_BYTES, NodeSettings.DEFAULT_ACCESS_LOG_MAX_BYTES, 1024, Long.MAX_VALUE),
      integer(Setting.ACCESS_LOG_FILES, NodeSettings.DEFAULT_ACCESS_LOG_FILES, 1, 1000),
      integer(Setting.ACCESS_LOG_QUEUE, NodeSettings.DEFAULT_ACCESS_LOG_QUEUE, 1, 16 * 1024 * 1024),
      compression(),
      bool(Setting.PROXY_PROTOCOL, false),
      seed(),
      tls(),
      millis(Setting.WEBSOCKET_IDLE_TIMEOUT_MS, ProxySettings.DEFAULT_WEBSOCKET_IDLE_TIMEOUT),
      bool(Setting.HTTP2_CLEARTEXT, false),
      cache());
    if (settings.adminToken() == null && !settings.adminIsLoopback()) {
      problems.add(Setting.ADMIN_HOST.env() + "=" + settings.adminHost() + " is not a loopback address: set "
        + Setting.ADMIN_TOKEN.env() + " so that the admin API is not open to the network");
    }
    checkDrainTimeout(settings);
    if (settings.tls() != null && settings.tls().port() == settings.httpPort() && settings.httpPort() != 0) {
      problems.add(Setting.HTTPS_PORT.env() + "=" + settings.tls().port() + " is also " + Setting.HTTP_PORT.env()
        + " (expected: a port of its own)");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid settings:\n  " + String.join("\n  ", problems));
    }
    return settings;
  }

  private void rejectUnknownFileKeys() {
    Set<String> known = new LinkedHashSet<>(List.of("routes", "upstreams"));
    for (Setting setting : Setting.values()) {
      known.add(setting.path());
      known.add(setting.path().substring(0, setting.path().indexOf('.')));
    }
    for (String section : file.fieldNames()) {
      if (!known.contains(section)) {
        problems.add("config file: unknown key '" + section + "'");
      } else if (file.getValue(section) instanceof JsonObject o) {
        for (String key : o.fieldNames()) {
          if (!known.contains(section + "." + key)) {
            problems.add("config file: unknown key '" + section + "." + key + "'");
          }
        }
      }
    }
  }

  private Object raw(Setting setting) {
    String value = system.get(setting.systemProperty());
    if (value != null) {
      return value;
    }
    value = env.get(setting.env());
    if (value != null) {
      return value;
    }
    Object node = file;
    for (String part : setting.path().split("\\.")) {
      if (!(node instanceof JsonObject o)) {
        return null;
      }
      node = o.getValue(part);
    }
    return node;
  }

  private String string(Setting setting, String defaultValue) {
    Object value = raw(setting);
    return value == null ? defaultValue : value.toString().trim();
  }

  private int integer(Setting setting, int defaultValue, int min, int max) {
    return (int) longInteger(setting, defaultValue, min, max);
  }

  private long longInteger(Setting setting, long defaultValue, long min, long max) {
    Object value = raw(setting);
    if (value == null) {
      return defaultValue;
    }
    try {
      long parsed = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
      if (parsed < min || parsed > max) {
        problems.add(setting.env() + "=" + value + " (expected: " + min + ".." + max + ")");
        return defaultValue;
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(setting.env() + "=" + value + " (expected: an integer)");
      return defaultValue;
    }
  }

  private String tokenName() {
    String value = string(Setting.ADMIN_TOKEN_NAME, AdminConfig.DEFAULT_TOKEN_NAME);
    if (value.isEmpty()) {
      problems.add(Setting.ADMIN_TOKEN_NAME.env() + " is empty (expected: a name such as "
        + AdminConfig.DEFAULT_TOKEN_NAME + ")");
      return AdminConfig.DEFAULT_TOKEN_NAME;
    }
    return value;
  }

  private ListenerLimits limits() {
    return new ListenerLimits(
      integer(Setting.MAX_REQUEST_LINE_BYTES, ListenerLimits.DEFAULT_MAX_REQUEST_LINE_BYTES, 256, 1024 * 1024),
      integer(Setting.MAX_HEADER_BYTES, ListenerLimits.DEFAULT_MAX_HEADER_BYTES, 1024, 1024 * 1024),
      integer(Setting.MAX_HEADER_COUNT, ListenerLimits.DEFAULT_MAX_HEADER_COUNT, 1, 10_000),
      longInteger(Setting.MAX_BODY_BYTES, ListenerLimits.DEFAULT_MAX_BODY_BYTES, 1, Route.MAX_BODY_BYTES_LIMIT),
      millis(Setting.HEADER_TIMEOUT_MS, ListenerLimits.DEFAULT_HEADER_TIMEOUT),
      millis(Setting.IDLE_TIMEOUT_MS, ListenerLimits.DEFAULT_IDLE_TIMEOUT),
      integer(Setting.MAX_CONNECTIONS, ListenerLimits.DEFAULT_MAX_CONNECTIONS, 1, 10_000_000),
      integer(Setting.MAX_CONNECTIONS_PER_CLIENT, ListenerLimits.DEFAULT_MAX_CONNECTIONS_PER_CLIENT, 1, 10_000_000));
  }

  private boolean bool(Setting setting, boolean defaultValue) {
    Object value = raw(setting);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    String text = value.toString().trim();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    problems.add(setting.env() + "=" + value + " (expected: true or false)");
    return defaultValue;
  }

  private CompressionSettings compression() {
    CompressionSettings defaults = CompressionSettings.DEFAULTS;
    List<String> types = new ArrayList<>();
    for (String entry : raw(Setting.COMPRESSION_TYPES) == null ? defaults.types() : list(Setting.COMPRESSION_TYPES)) {
      String type = entry.trim().toLowerCase(Locale.ROOT);
      if (!type.isEmpty()) {
        types.add(type);
      }
    }
    List<ContentCoding> codings = new ArrayList<>();
    for (String entry : raw(Setting.COMPRESSION_CODINGS) == null ? List.of("br", "gzip")
      : list(Setting.COMPRESSION_CODINGS)) {
      try {
        if (!entry.isBlank()) {
          codings.add(ContentCoding.of(entry));
        }
      } catch (IllegalArgumentException e) {
        problems.add(Setting.COMPRESSION_CODINGS.env() + ": " + e.getMessage());
      }
    }
    try {
      return new CompressionSettings(
        bool(Setting.COMPRESSION, defaults.enabled()),
        longInteger(Setting.COMPRESSION_MIN_BYTES, defaults.minBytes(), 0, Long.MAX_VALUE),
        types,
        codings,
        integer(Setting.COMPRESSION_GZIP_LEVEL, defaults.gzipLevel(), 1, 9),
        integer(Setting.COMPRESSION_BROTLI_QUALITY, defaults.brotliQuality(), 0, 11));
    } catch (IllegalArgumentException e) {
      Setting setting = e.getMessage().startsWith("types") ? Setting.COMPRESSION_TYPES : Setting.COMPRESSION_CODINGS;
      problems.add(setting.env() + ": " + e.getMessage());
      return defaults;
    }
  }

  private RateLimitSettings rateLimits() {
    String overflowName = string(Setting.RATE_LIMIT_OVERFLOW, RateLimitSettings.DEFAULTS.overflow().settingName());
    RateLimitSettings.Overflow overflow = RateLimitSettings.Overflow.parse(overflowName.toLowerCase(Locale.ROOT));
    if (overflow == null) {
      problems.add(Setting.RATE_LIMIT_OVERFLOW.env() + "=" + overflowName + " (expected: "
        + RateLimitSettings.Overflow.SHARED_KEY.settingName() + " or " + RateLimitSettings.Overflow.REFUSE.settingName()
        + ")");
      overflow = RateLimitSettings.DEFAULTS.overflow();
    }
    return new RateLimitSettings(
      Duration.ofMillis(integer(Setting.RATE_LIMIT_SYNC_INTERVAL_MS, RateLimitSettings.DEFAULT_SYNC_INTERVAL_MS, 10,
        10_000)),
      integer(Setting.RATE_LIMIT_MAX_KEYS, RateLimitSettings.DEFAULT_MAX_KEYS, 1, 100_000_000),
      overflow,
      millis(Setting.RATE_LIMIT_KEY_IDLE_MS, Duration.ofMillis(RateLimitSettings.DEFAULT_KEY_IDLE_MS), 1000),
      millis(Setting.RATE_LIMIT_OWNER_TIMEOUT_MS, Duration.ofMillis(RateLimitSettings.DEFAULT_OWNER_TIMEOUT_MS), 10));
  }

  /** {@code stdout}, {@code off}, or a file path; the names are matched without regard to case. */
  private String accessLog() {
    String value = string(Setting.ACCESS_LOG, NodeSettings.DEFAULT_ACCESS_LOG);
    if (value.isEmpty()) {
      problems.add(Setting.ACCESS_LOG.env() + " is empty (expected: " + AccessLogOutput.STDOUT + ", "
        + AccessLogOutput.OFF + " or a file path)");
      return NodeSettings.DEFAULT_ACCESS_LOG;
    }
    if (value.equalsIgnoreCase(AccessLogOutput.STDOUT) || value.equalsIgnoreCase(AccessLogOutput.OFF)) {
      return value.toLowerCase(Locale.ROOT);
    }
    return value;
  }

  private CacheSettings cache() {
    return new CacheSettings(
      longInteger(Setting.CACHE_MAX_MEMORY_BYTES, CacheSettings.defaultMaxMemoryBytes(), 1024 * 1024, Long.MAX_VALUE),
      longInteger(Setting.CACHE_HOT_MAX_BYTES, CacheSettings.defaultHotMaxBytes(), 0, Long.MAX_VALUE),
      integer(Setting.CACHE_BACKUPS, CacheSettings.DEFAULT_BACKUPS, 0, 6),
      millis(Setting.CACHE_COLLAPSE_TIMEOUT_MS, CacheSettings.DEFAULT_COLLAPSE_TIMEOUT),
      millis(Setting.CACHE_REVALIDATION_WINDOW_MS, CacheSettings.DEFAULT_REVALIDATION_WINDOW, 0),
      millis(Setting.CACHE_PURGE_TIMEOUT_MS, CacheSettings.DEFAULT_PURGE_TIMEOUT),
      millis(Setting.CACHE_STORE_WAIT_MS, CacheSettings.DEFAULT_STORE_WAIT, 0));
  }

  private int port(Setting setting, int defaultValue) {
    return integer(setting, defaultValue, 0, 65535);
  }

  private Duration millis(Setting setting, Duration defaultValue) {
    return millis(setting, defaultValue, 1);
  }

  private Duration millis(Setting setting, Duration defaultValue, int min) {
    return Duration.ofMillis(integer(setting, (int) defaultValue.toMillis(), min, 3_600_000));
  }

  private void checkDrainTimeout(NodeSettings settings) {
    Duration least = settings.drainGrace().plus(DrainSequence.LEAVE_ALLOWANCE);
    if (settings.drainTimeout().compareTo(least) < 0) {
      problems.add(Setting.DRAIN_TIMEOUT_MS.env() + "=" + settings.drainTimeout().toMillis() + " (expected: >= "
        + least.toMillis() + ", the grace period plus " + DrainSequence.LEAVE_ALLOWANCE.toMillis()
        + " ms to leave the cluster)");
    }
  }

  /** The HTTPS listener, on when its port is set; it then needs a certificate folder. */
  private TlsSettings tls() {
    String dir = string(Setting.TLS_CERT_DIR, "");
    Duration reload = millis(Setting.TLS_RELOAD_INTERVAL_MS, TlsSettings.DEFAULT_RELOAD_INTERVAL, 100);
    String defaultCert = emptyToNull(string(Setting.TLS_DEFAULT_CERT, ""));
    if (raw(Setting.HTTPS_PORT) == null || string(Setting.HTTPS_PORT, "").isEmpty()) {
      if (!dir.isEmpty()) {
        problems.add(Setting.TLS_CERT_DIR.env() + " is set but " + Setting.HTTPS_PORT.env()
          + " is not (expected: both, to serve HTTPS, or neither)");
      }
      return null;
    }
    int port = port(Setting.HTTPS_PORT, 0);
    if (dir.isEmpty()) {
      problems.add(Setting.HTTPS_PORT.env() + " is set but " + Setting.TLS_CERT_DIR.env()
        + " is not (expected: the folder of NAME.crt + NAME.key PEM pairs)");
      return null;
    }
    return new TlsSettings(port, Path.of(dir), defaultCert, reload);
  }

  private TrustedProxies trustedProxies() {
    List<String> cidrs = new ArrayList<>();
    for (String entry : list(Setting.TRUSTED_PROXIES)) {
      String cidr = entry.trim();
      if (cidr.isEmpty()) {
        continue;
      }
      try {
        TrustedProxies.of(List.of(cidr));
        cidrs.add(cidr);
      } catch (IllegalArgumentException e) {
        problems.add(Setting.TRUSTED_PROXIES.env() + ": " + e.getMessage());
      }
    }
    return TrustedProxies.of(cidrs);
  }

  /** A list given as a YAML sequence or as one comma-separated string. */
  private List<String> list(Setting setting) {
    Object value = raw(setting);
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(Object::toString).toList();
    }
    return Arrays.asList(value.toString().split(","));
  }

  private List<String> members() {
    List<String> raw = list(Setting.CLUSTER_MEMBERS);
    Set<String> members = new LinkedHashSet<>();
    for (String member : raw) {
      String m = member.trim();
      if (m.isEmpty()) {
        continue;
      }
      int colon = m.lastIndexOf(':');
      if (colon <= 0 || !isPort(m.substring(colon + 1))) {
        problems.add(Setting.CLUSTER_MEMBERS.env() + ": '" + m + "' (expected: host:port)");
        continue;
      }
      members.add(m);
    }
    return List.copyOf(members);
  }

  /**
   * A host name, without a port (every member uses {@code PHAROS_CLUSTER_PORT}). It replaces the member list, and the
   * write quorum cannot be derived from a name whose answer changes, so the expected size must be given.
   */
  private String clusterDns(List<String> members) {
    String dns = emptyToNull(string(Setting.CLUSTER_DNS, null));
    if (dns == null) {
      return null;
    }
    if (!HOST_NAME.matcher(dns).matches()) {
      problems.add(Setting.CLUSTER_DNS.env() + "=" + dns + " (expected: a host name such as edge or "
        + "pharos-members.default.svc.cluster.local; the port is " + Setting.CLUSTER_PORT.env() + ")");
    }
    if (!members.isEmpty()) {
      problems.add(Setting.CLUSTER_DNS.env() + " and " + Setting.CLUSTER_MEMBERS.env()
        + " are both set (expected: one way to find members)");
    }
    if (raw(Setting.CLUSTER_EXPECTED_SIZE) == null) {
      problems.add(Setting.CLUSTER_DNS.env() + " needs " + Setting.CLUSTER_EXPECTED_SIZE.env()
        + " (the normal member count, whose majority may write config)");
    }
    return dns;
  }

  /** An IP address, a host name, or {@code interface:NAME}; checked for form only, resolved at start. */
  private String clusterHost(String value) {
    if (value.startsWith(ClusterHost.INTERFACE_PREFIX)) {
      if (!INTERFACE_NAME.matcher(value.substring(ClusterHost.INTERFACE_PREFIX.length())).matches()) {
        problems.add(Setting.CLUSTER_HOST.env() + "=" + value + " (expected: interface: and a network interface name "
          + "such as eth0)");
      }
    } else if (!HOST_NAME.matcher(value).matches() && !IPV6_LITERAL.matcher(value).matches()) {
      problems.add(Setting.CLUSTER_HOST.env() + "=" + value + " (expected: an IP address, a host name or "
        + ClusterHost.INTERFACE_PREFIX + "NAME)");
    }
    return value;
  }

  /** The seed list, with this member added when it is not on it, is the cluster as the operator described it. */
  private static int expectedSize(List<String> members, String self) {
    Set<String> all = new LinkedHashSet<>();
    members.forEach(m -> all.add(canonicalAddress(m)));
    all.add(canonicalAddress(self));
    return Math.max(1, all.size());
  }

  private static String canonicalAddress(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    try {
      host = InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      // An unresolvable seed still counts as one expected member.
    }
    return host + hostPort.substring(colon);
  }

  private static boolean isPort(String s) {
    try {
      int p = Integer.parseInt(s);
      return p > 0 && p <= 65535;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private JsonObject seed() {
    boolean hasRoutes = file.getValue("routes") != null;
    boolean hasUpstreams = file.getValue("upstreams") != null;
    if (!hasRoutes && !hasUpstreams) {
      return null;
    }
    JsonObject seed = new JsonObject();
    if (hasUpstreams) {
      seed.put("upstreams", file.getValue("upstreams"));
    }
    if (hasRoutes) {
      seed.put("routes", file.getValue("routes"));
    }
    return seed;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String defaultNodeName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "pharos";
    }
  }
}
