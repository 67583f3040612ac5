package dev.pharos.edge.cache;

import java.time.Duration;

/**
 * A node's cache settings. See the README's configuration table for the environment variables.
 *
 * @param maxMemoryBytes     heap this node gives the cluster's cache map, its backup copies included; past it the
 *                           least recently used entries are evicted. Hazelcast bounds it in whole megabytes.
 * @param hotMaxBytes        heap of this node's local copies of recently read entries, served with no network hop
 * @param backups            synchronous backup copies of each entry on other members
 * @param collapseTimeout    how long a miss waits for another request's origin fetch of the same key before it
 *                           fetches by itself
 * @param revalidationWindow how long past its freshness an entry with a validator is kept, to be revalidated
 * @param purgeTimeout       how long a purge waits for every member to confirm it dropped its local copies
 * @param storeWait          how long the last byte and end of a response being stored wait for the store to complete
 */
public record CacheSettings(long maxMemoryBytes, long hotMaxBytes, int backups, Duration collapseTimeout,
                            Duration revalidationWindow, Duration purgeTimeout, Duration storeWait) {

  /** Share of the heap the cache map may use by default, in percent. */
  public static final int DEFAULT_MEMORY_PERCENT = 25;
  /** Share of the heap the local hot copies may use by default, in percent. */
  public static final int DEFAULT_HOT_PERCENT = 5;
  public static final int DEFAULT_BACKUPS = 1;
  public static final Duration DEFAULT_COLLAPSE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REVALIDATION_WINDOW = Duration.ofMinutes(10);
  public static final Duration DEFAULT_PURGE_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_STORE_WAIT = Duration.ofSeconds(1);
  private static final long MB = 1024 * 1024;

  /** The default of {@link #maxMemoryBytes}: {@value #DEFAULT_MEMORY_PERCENT}% of the heap. */
  public static long defaultMaxMemoryBytes() {
    return Runtime.getRuntime().maxMemory() / 100 * DEFAULT_MEMORY_PERCENT;
  }

  /** The default of {@link #hotMaxBytes}: {@value #DEFAULT_HOT_PERCENT}% of the heap. */
  public static long defaultHotMaxBytes() {
    return Runtime.getRuntime().maxMemory() / 100 * DEFAULT_HOT_PERCENT;
  }

  /**
   * The bound Hazelcast applies to the primary copies a member owns, in megabytes: the node's share divided among the
   * primary and its backups, since each member holds backups of others' entries besides its own. At least 1.
   */
  public int primaryMegabytesPerNode() {
    return (int) Math.max(1, maxMemoryBytes / (backups + 1) / MB);
  }
}
