package dev.pharos.edge.config;

/**
 * One node setting and the three names it can be given by: a dotted path in the YAML file ({@code cluster.port}),
 * an environment variable ({@code PHAROS_CLUSTER_PORT}) and a system property ({@code pharos.cluster.port}).
 * System properties override the environment, which overrides the file.
 */
enum Setting {
  NODE_NAME("node.name", "PHAROS_NODE_NAME"),
  HTTP_HOST("http.host", "PHAROS_HTTP_HOST"),
  HTTP_PORT("http.port", "PHAROS_HTTP_PORT"),
  PROXY_PROTOCOL("http.proxyProtocol", "PHAROS_PROXY_PROTOCOL"),
  HTTP2_CLEARTEXT("http.http2Cleartext", "PHAROS_HTTP2_CLEARTEXT"),
  HTTPS_PORT("https.port", "PHAROS_HTTPS_PORT"),
  TLS_CERT_DIR("tls.certDir", "PHAROS_TLS_CERT_DIR"),
  TLS_DEFAULT_CERT("tls.defaultCert", "PHAROS_TLS_DEFAULT_CERT"),
  TLS_RELOAD_INTERVAL_MS("tls.reloadIntervalMs", "PHAROS_TLS_RELOAD_INTERVAL_MS"),
  WEBSOCKET_IDLE_TIMEOUT_MS("proxy.webSocketIdleTimeoutMs", "PHAROS_WEBSOCKET_IDLE_TIMEOUT_MS"),
  PROXY_INSTANCES("proxy.instances", "PHAROS_PROXY_INSTANCES"),
  PROXY_MAX_CONNECTIONS_PER_TARGET("proxy.maxConnectionsPerTarget", "PHAROS_PROXY_MAX_CONNECTIONS_PER_TARGET"),
  PROXY_MAX_PENDING_PER_TARGET("proxy.maxPendingPerTarget", "PHAROS_PROXY_MAX_PENDING_PER_TARGET"),
  TRUSTED_PROXIES("proxy.trustedProxies", "PHAROS_TRUSTED_PROXIES"),
  MAX_REQUEST_LINE_BYTES("limits.maxRequestLineBytes", "PHAROS_MAX_REQUEST_LINE_BYTES"),
  MAX_HEADER_BYTES("limits.maxHeaderBytes", "PHAROS_MAX_HEADER_BYTES"),
  MAX_HEADER_COUNT("limits.maxHeaderCount", "PHAROS_MAX_HEADER_COUNT"),
  MAX_BODY_BYTES("limits.maxBodyBytes", "PHAROS_MAX_BODY_BYTES"),
  HEADER_TIMEOUT_MS("limits.headerTimeoutMs", "PHAROS_HEADER_TIMEOUT_MS"),
  IDLE_TIMEOUT_MS("limits.idleTimeoutMs", "PHAROS_IDLE_TIMEOUT_MS"),
  MAX_CONNECTIONS("limits.maxConnections", "PHAROS_MAX_CONNECTIONS"),
  MAX_CONNECTIONS_PER_CLIENT("limits.maxConnectionsPerClient", "PHAROS_MAX_CONNECTIONS_PER_CLIENT"),
  COMPRESSION("compression.enabled", "PHAROS_COMPRESSION"),
  COMPRESSION_MIN_BYTES("compression.minBytes", "PHAROS_COMPRESSION_MIN_BYTES"),
  COMPRESSION_TYPES("compression.types", "PHAROS_COMPRESSION_TYPES"),
  COMPRESSION_CODINGS("compression.codings", "PHAROS_COMPRESSION_CODINGS"),
  COMPRESSION_GZIP_LEVEL("compression.gzipLevel", "PHAROS_COMPRESSION_GZIP_LEVEL"),
  COMPRESSION_BROTLI_QUALITY("compression.brotliQuality", "PHAROS_COMPRESSION_BROTLI_QUALITY"),
  RATE_LIMIT_SYNC_INTERVAL_MS("rateLimit.syncIntervalMs", "PHAROS_RATE_LIMIT_SYNC_INTERVAL_MS"),
  RATE_LIMIT_MAX_KEYS("rateLimit.maxKeys", "PHAROS_RATE_LIMIT_MAX_KEYS"),
  RATE_LIMIT_OVERFLOW("rateLimit.overflow", "PHAROS_RATE_LIMIT_OVERFLOW"),
  RATE_LIMIT_KEY_IDLE_MS("rateLimit.keyIdleMs", "PHAROS_RATE_LIMIT_KEY_IDLE_MS"),
  RATE_LIMIT_OWNER_TIMEOUT_MS("rateLimit.ownerTimeoutMs", "PHAROS_RATE_LIMIT_OWNER_TIMEOUT_MS"),
  ADMIN_HOST("admin.host", "PHAROS_ADMIN_HOST"),
  ADMIN_PORT("admin.port", "PHAROS_ADMIN_PORT"),
  ADMIN_TOKEN("admin.token", "PHAROS_ADMIN_TOKEN"),
  ADMIN_TOKEN_NAME("admin.tokenName", "PHAROS_ADMIN_TOKEN_NAME"),
  ADMIN_MAX_BODY_BYTES("admin.maxBodyBytes", "PHAROS_ADMIN_MAX_BODY_BYTES"),
  ADMIN_APPLY_WAIT_TIMEOUT_MS("admin.applyWaitTimeoutMs", "PHAROS_ADMIN_APPLY_WAIT_TIMEOUT_MS"),
  ADMIN_EVENTS_INTERVAL_MS("admin.eventsIntervalMs", "PHAROS_ADMIN_EVENTS_INTERVAL_MS"),
  ADMIN_MAX_EVENT_STREAMS("admin.maxEventStreams", "PHAROS_ADMIN_MAX_EVENT_STREAMS"),
  CLUSTER_NAME("cluster.name", "PHAROS_CLUSTER_NAME"),
  CLUSTER_HOST("cluster.host", "PHAROS_CLUSTER_HOST"),
  CLUSTER_PORT("cluster.port", "PHAROS_CLUSTER_PORT"),
  CLUSTER_MEMBERS("cluster.members", "PHAROS_CLUSTER_MEMBERS"),
  CLUSTER_DNS("cluster.dns", "PHAROS_CLUSTER_DNS"),
  CLUSTER_EXPECTED_SIZE("cluster.expectedSize", "PHAROS_CLUSTER_EXPECTED_SIZE"),
  CLUSTER_EVENT_BUS_PORT("cluster.eventBusPort", "PHAROS_CLUSTER_EVENT_BUS_PORT"),
  CLUSTER_FAILURE_TIMEOUT_MS("cluster.failureTimeoutMs", "PHAROS_CLUSTER_FAILURE_TIMEOUT_MS"),
  CONFIG_CHECK_INTERVAL_MS("config.checkIntervalMs", "PHAROS_CONFIG_CHECK_INTERVAL_MS"),
  CONFIG_HISTORY("config.history", "PHAROS_CONFIG_HISTORY"),
  CONFIG_HISTORY_WHOLE_TABLE_EVERY("config.historyWholeTableEvery", "PHAROS_CONFIG_HISTORY_WHOLE_TABLE_EVERY"),
  DATA_DIR("data.dir", "PHAROS_DATA_DIR"),
  DRAIN_GRACE_MS("drain.graceMs", "PHAROS_DRAIN_GRACE_MS"),
  DRAIN_TIMEOUT_MS("drain.timeoutMs", "PHAROS_DRAIN_TIMEOUT_MS"),
  ACCESS_LOG("accessLog.output", "PHAROS_ACCESS_LOG"),
  ACCESS_LOG_MAX_BYTES("accessLog.maxBytes", "PHAROS_ACCESS_LOG_MAX_BYTES"),
  ACCESS_LOG_FILES("accessLog.files", "PHAROS_ACCESS_LOG_FILES"),
  ACCESS_LOG_QUEUE("accessLog.queue", "PHAROS_ACCESS_LOG_QUEUE"),
  CACHE_MAX_MEMORY_BYTES("cache.maxMemoryBytes", "PHAROS_CACHE_MAX_MEMORY_BYTES"),
  CACHE_HOT_MAX_BYTES("cache.hotMaxBytes", "PHAROS_CACHE_HOT_MAX_BYTES"),
  CACHE_BACKUPS("cache.backups", "PHAROS_CACHE_BACKUPS"),
  CACHE_COLLAPSE_TIMEOUT_MS("cache.collapseTimeoutMs", "PHAROS_CACHE_COLLAPSE_TIMEOUT_MS"),
  CACHE_REVALIDATION_WINDOW_MS("cache.revalidationWindowMs", "PHAROS_CACHE_REVALIDATION_WINDOW_MS"),
  CACHE_PURGE_TIMEOUT_MS("cache.purgeTimeoutMs", "PHAROS_CACHE_PURGE_TIMEOUT_MS"),
  CACHE_STORE_WAIT_MS("cache.storeWaitMs", "PHAROS_CACHE_STORE_WAIT_MS");

  private final String path;
  private final String env;

  Setting(String path, String env) {
    this.path = path;
    this.env = env;
  }

  String path() {
    return path;
  }

  String env() {
    return env;
  }

  String systemProperty() {
    return "pharos." + path;
  }
}
