package dev.pharos.edge.config;

import dev.pharos.admin.AdminConfig;
import dev.pharos.edge.accesslog.AccessLogOutput;
import dev.pharos.edge.cache.CacheSettings;
import dev.pharos.edge.compression.CompressionSettings;
import dev.pharos.edge.limits.ListenerLimits;
import dev.pharos.edge.proxy.TrustedProxies;
import dev.pharos.edge.ratelimit.RateLimitSettings;
import dev.pharos.edge.tls.TlsSettings;
import io.vertx.core.json.JsonObject;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a node is told at start-up, resolved and checked. See the README's configuration reference for each
 * setting's meaning, default and environment variable.
 *
 * @param limits              what a client may ask of the public listener
 * @param trustedProxies      clients whose X-Forwarded-* and Forwarded headers are kept
 * @param rateLimits          how the node enforces the routes' rate limits
 * @param clusterHost         the address to bind and announce, as given: an IP address, a host name or
 *                            {@code interface:NAME} (see {@link ClusterHost})
 * @param clusterMembers      seed members, {@code host:port}; empty means a cluster of one
 * @param clusterDns          a DNS name resolving to every member, each on {@code clusterPort}; null to use
 *                            {@code clusterMembers} instead
 * @param clusterExpectedSize how many members the cluster normally has; config writes need a majority of it
 * @param adminTokenName      who the config history names for changes made with the admin token
 * @param adminEventsInterval how often the admin event stream sends the members and target health
 * @param adminMaxEventStreams admin event streams open at once on this node
 * @param configHistory       how many committed config versions the cluster keeps for listing and rollback
 * @param configHistoryWholeTableEvery how often, in versions, a history entry holds the whole table; the others hold
 *                            only their change, and showing or restoring a version applies up to this many less one
 * @param eventBusPort        port of the clustered event bus; 0 picks a free one
 * @param drainGrace          how long a draining node keeps serving before it closes its listener
 * @param drainTimeout        the longest a drain may take, from its start until the node has left the cluster
 * @param accessLog           {@code stdout}, {@code off} or the path of the access log file
 * @param accessLogMaxBytes   size past which the access log file is rotated
 * @param accessLogFiles      access log files kept, the current one included
 * @param accessLogQueue      access log lines that may wait for the writer before lines are dropped
 * @param compression         which responses the public listener compresses
 * @param proxyProtocol       whether the public HTTP listener expects a PROXY protocol header on every connection
 * @param seed                initial {@code upstreams} and {@code routes} from the YAML file, used only when the
 *                            cluster and every member's disk have no config yet; null when the file has none
 * @param tls                 the HTTPS listener; null when it is off
 * @param webSocketIdleTimeout how long a proxied WebSocket may carry no frame, for routes without their own timeout
 * @param http2Cleartext      whether the HTTP port takes HTTP/2 with prior knowledge (h2c) too
 * @param cache               the cluster cache's memory bound, backups and timeouts on this node
 */
public record NodeSettings(
  String nodeName,
  String httpHost,
  int httpPort,
  int proxyInstances,
  int maxConnectionsPerTarget,
  int maxPendingPerTarget,
  ListenerLimits limits,
  TrustedProxies trustedProxies,
  RateLimitSettings rateLimits,
  String adminHost,
  int adminPort,
  String adminToken,
  String adminTokenName,
  int adminMaxBodyBytes,
  Duration adminApplyWaitTimeout,
  Duration adminEventsInterval,
  int adminMaxEventStreams,
  String clusterName,
  String clusterHost,
  int clusterPort,
  List<String> clusterMembers,
  String clusterDns,
  int clusterExpectedSize,
  int eventBusPort,
  Duration clusterFailureTimeout,
  Duration configCheckInterval,
  int configHistory,
  int configHistoryWholeTableEvery,
  Path dataDir,
  Duration drainGrace,
  Duration drainTimeout,
  String accessLog,
  long accessLogMaxBytes,
  int accessLogFiles,
  int accessLogQueue,
  CompressionSettings compression,
  boolean proxyProtocol,
  JsonObject seed,
  TlsSettings tls,
  Duration webSocketIdleTimeout,
  boolean http2Cleartext,
  CacheSettings cache) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_ADMIN_PORT = 9090;
  public static final int DEFAULT_CLUSTER_PORT = 5701;
  public static final String DEFAULT_CLUSTER_NAME = "pharos";
  public static final int DEFAULT_MAX_CONNECTIONS_PER_TARGET = 200;
  public static final int DEFAULT_MAX_PENDING_PER_TARGET = 1000;
  public static final int DEFAULT_ADMIN_MAX_BODY_BYTES = (int) AdminConfig.DEFAULT_MAX_BODY_BYTES;
  public static final Duration DEFAULT_ADMIN_APPLY_WAIT_TIMEOUT = AdminConfig.DEFAULT_APPLY_WAIT_TIMEOUT;
  public static final Duration DEFAULT_ADMIN_EVENTS_INTERVAL = AdminConfig.DEFAULT_EVENTS_INTERVAL;
  public static final int DEFAULT_ADMIN_MAX_EVENT_STREAMS = AdminConfig.DEFAULT_MAX_EVENT_STREAMS;
  public static final Duration DEFAULT_CLUSTER_FAILURE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_CONFIG_CHECK_INTERVAL = Duration.ofSeconds(2);
  public static final int DEFAULT_CONFIG_HISTORY = 100;
  public static final int DEFAULT_CONFIG_HISTORY_WHOLE_TABLE_EVERY = 20;
  public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
  public static final String DEFAULT_ACCESS_LOG = AccessLogOutput.STDOUT;
  public static final long DEFAULT_ACCESS_LOG_MAX_BYTES = AccessLogOutput.DEFAULT_MAX_BYTES;
  public static final int DEFAULT_ACCESS_LOG_FILES = AccessLogOutput.DEFAULT_FILES;
  public static final int DEFAULT_ACCESS_LOG_QUEUE = AccessLogOutput.DEFAULT_QUEUE;

  public NodeSettings {
    clusterMembers = List.copyOf(clusterMembers);
    seed = seed == null ? null : seed.copy();
  }

  /** A majority of the expected cluster size: the fewest members that may accept config writes. */
  public int clusterQuorum() {
    return clusterExpectedSize / 2 + 1;
  }

  /** The cluster address this member announces, {@code host:port}, as configured (before {@link ClusterHost}). */
  public String clusterAddress() {
    return clusterHost + ":" + clusterPort;
  }

  /** Whether members find each other by {@link #clusterDns()} rather than a member list. */
  public boolean discoversByDns() {
    return clusterDns != null;
  }

  /** Whether the admin listener is reachable only from this machine. */
  public boolean adminIsLoopback() {
    try {
      return InetAddress.getByName(adminHost).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
