package dev.pharos.model;

/**
 * The names of the Hazelcast structures and event-bus addresses that nodes share. Each name lives here and nowhere
 * else, so two modules can never disagree on one.
 */
public final class ClusterNames {

  /** Map holding the config snapshot (key {@link #SNAPSHOT_KEY}) and its version (key {@link #VERSION_KEY}). */
  public static final String CONFIG_MAP = "pharos.config";
  public static final String SNAPSHOT_KEY = "snapshot";
  public static final String VERSION_KEY = "version";

  /**
   * Map of config history JSON by version: the last versions committed, each with its {@link HistoryHeader} and either
   * the whole table or only the change, from which the table is rebuilt on top of the nearest earlier whole table.
   */
  public static final String CONFIG_HISTORY_MAP = "pharos.config.history";

  /** Map of {@link MemberStatus} JSON by Hazelcast member UUID: what each node has applied and whether it is ready. */
  public static final String MEMBERS_MAP = "pharos.members";

  /**
   * Map of {@link TargetStatus} JSON by target address ({@code host:port}). Each entry is written by the one member
   * that owns the key's partition, which is the member that probes the target. The passive ejections of targets live
   * in the same map, as {@link TargetEjection} JSON under {@link #ejectionKey(String)}, written by any node.
   */
  public static final String HEALTH_MAP = "pharos.health";

  /** Starts the {@link #HEALTH_MAP} keys of ejections; no target address starts so. */
  public static final String EJECTION_KEY_PREFIX = "ejection/";

  /** Event-bus address where a {@link ConfigEvent} is published after every committed change. */
  public static final String CONFIG_CHANGED = "pharos.config.changed";

  /** Event-bus address where a node publishes its {@link MemberStatus} each time it applies a version. */
  public static final String CONFIG_APPLIED = "pharos.config.applied";

  /**
   * Map of secrets every node shares, created by the first node that needs one. Key {@link #STICKY_SESSION_KEY}: the
   * HMAC-SHA256 key (32 bytes) that signs sticky-session cookies.
   */
  public static final String SECRETS_MAP = "pharos.secrets";
  public static final String STICKY_SESSION_KEY = "stickySessionKey";

  /**
   * Map of rate-limit buckets by key (route, rule and key value). Each bucket is kept by the member owning its key's
   * partition; nodes lease tokens from it at each sync.
   */
  public static final String RATE_LIMIT_MAP = "pharos.ratelimit";

  /**
   * Map of the cluster's HTTP cache: by URL (the cache key), the encoded stored responses of its variants. Each entry's
   * TTL ends when its last variant is of no more use; each member bounds the heap it gives the map.
   */
  public static final String CACHE_MAP = "pharos.cache";

  /** Map of short leases by cache flight key: the member holding one fetches that key from the origin. */
  public static final String CACHE_LEASES_MAP = "pharos.cache.leases";

  /** Event-bus address where the holder of a cache lease publishes the flight key once the entry is stored. */
  public static final String CACHE_FILLED = "pharos.cache.filled";

  /**
   * Event-bus address prefix of each member's cache purge handler, followed by the member's Hazelcast UUID: it drops
   * the member's local copies a purge selects and replies once they are gone.
   */
  public static final String CACHE_PURGE_PREFIX = "pharos.cache.purge.";

  /** Event-bus address prefix of each member's cache statistics, followed by the member's Hazelcast UUID. */
  public static final String CACHE_STATS_PREFIX = "pharos.cache.stats.";

  /** Split-brain protection rule attached to {@link #CONFIG_MAP}: writes need a majority of the expected members. */
  public static final String CONFIG_QUORUM = "pharos.config.quorum";

  private ClusterNames() {
  }

  /** The {@link #HEALTH_MAP} key of the ejection of {@code address} ({@code host:port}). */
  public static String ejectionKey(String address) {
    return EJECTION_KEY_PREFIX + address;
  }
}
