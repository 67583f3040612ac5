package dev.pharos.edge.store;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.pharos.admin.ConfigStore;
import dev.pharos.admin.StoreUnavailableException;
import dev.pharos.model.ChangeOrigin;
import dev.pharos.model.ClusterNames;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigCommit;
import dev.pharos.model.ConfigEvent;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HistoryEntry;
import dev.pharos.model.HistoryHeader;
import dev.pharos.model.Precondition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * The route table kept in the Hazelcast map {@value ClusterNames#CONFIG_MAP}: one entry holds the whole snapshot, so
 * a change is one compare-and-set and a reader can never see routes of one version with upstreams of another. A
 * second entry holds the version alone, so the periodic check on every node reads a few bytes. Each committed version
 * is also recorded in the {@link ConfigHistory}, after its compare-and-set succeeded.
 *
 * <p>Writes run on worker threads (Hazelcast calls wait on the network) and are serialised per node; between nodes
 * the compare-and-set decides. A write needs the split-brain quorum: in a minority partition it fails with
 * {@link StoreUnavailableException} while reads go on.
 */
public final class HazelcastConfigStore implements ConfigStore {

  private static final Logger LOG = Logger.getLogger(HazelcastConfigStore.class.getName());
  private static final int MAX_ATTEMPTS = 50;

  // Hazelcast re-evaluates split-brain protection on membership events, so a member that has just joined a big
  // enough cluster may refuse a write for a moment; wait that out rather than answer 503.
  private static final Duration QUORUM_SETTLE = Duration.ofSeconds(3);
  private static final long QUORUM_RETRY_NANOS = Duration.ofMillis(50).toNanos();

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final int quorum;
  private final IMap<String, String> map;
  private final SnapshotFile snapshotFile;
  private final ConfigHistory history;
  private final Object writeLock = new Object();
  // Its own thread rather than a Vert.x worker: a commit holding the write lock waits for it, and every worker could
  // be a request blocked on that lock.
  private final Executor snapshotWriter = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "pharos-snapshot-writer");
    thread.setDaemon(true);
    return thread;
  });

  // Parsing a large table costs more than comparing its text: remember the last one read.
  private volatile Decoded lastDecoded;

  private record Decoded(String json, StoredConfig config) {
  }

  /**
   * @param quorum      the members a write needs, as configured in the map's split-brain protection
   * @param historySize            the committed versions the history keeps
   * @param historyWholeTableEvery how often, in versions, a history entry holds the whole table rather than the change
   */
  public HazelcastConfigStore(Vertx vertx, HazelcastInstance hazelcast, int quorum, SnapshotFile snapshotFile,
                              int historySize, int historyWholeTableEvery) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.quorum = quorum;
    this.map = hazelcast.getMap(ClusterNames.CONFIG_MAP);
    this.snapshotFile = snapshotFile;
    this.history = new ConfigHistory(vertx, hazelcast.getMap(ClusterNames.CONFIG_HISTORY_MAP), historySize,
      historyWholeTableEvery);
  }

  @Override
  public Future<ConfigSnapshot> snapshot() {
    return load().map(stored -> stored == null ? ConfigSnapshot.EMPTY : stored.snapshot());
  }

  /** The cluster's table and whether it is still a start-up seed; null when the cluster has none. */
  public Future<StoredConfig> load() {
    return Future.fromCompletionStage(map.getAsync(ClusterNames.SNAPSHOT_KEY), vertx.getOrCreateContext())
      .compose(json -> json == null ? Future.succeededFuture() : vertx.executeBlocking(() -> decode(json), false));
  }

  /** The cluster's current version (0 when empty), read without fetching the table. */
  public Future<Long> version() {
    return Future.fromCompletionStage(map.getAsync(ClusterNames.VERSION_KEY), vertx.getOrCreateContext())
      .map(v -> v == null ? 0L : Long.parseLong(v));
  }

  @Override
  public Future<ConfigCommit> commit(ConfigChange change, Precondition precondition, ChangeOrigin origin) {
    return vertx.executeBlocking(() -> commitBlocking(change, precondition, origin), false);
  }

  @Override
  public Future<List<HistoryHeader>> history(int limit) {
    return version().compose(current -> history.newest(limit, current));
  }

  @Override
  public Future<Optional<HistoryEntry>> historyEntry(long version) {
    return version().compose(current -> history.get(version, current));
  }

  /**
   * Installs a snapshot found at start-up (a member's disk, or the YAML file) when the cluster has no table yet, or
   * has only a seed of a lower version. Returns whether it was installed.
   */
  public Future<Boolean> seed(ConfigSnapshot snapshot) {
    return vertx.executeBlocking(() -> seedBlocking(snapshot), false);
  }

  private ConfigCommit commitBlocking(ConfigChange change, Precondition precondition, ChangeOrigin origin) {
    synchronized (writeLock) {
      // Guess that the table is the one this node last read or wrote; a failed compare-and-set reads it afresh.
      Decoded guess = lastDecoded;
      for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        boolean guessed = attempt == 0 && guess != null;
        String currentJson = guessed ? guess.json()
          : unavailableIfHazelcastFails(() -> map.get(ClusterNames.SNAPSHOT_KEY));
        StoredConfig stored = currentJson == null ? null : decode(currentJson);
        ConfigSnapshot current = stored == null ? ConfigSnapshot.EMPTY : stored.snapshot();
        ConfigSnapshot next;
        try {
          next = current.apply(change, precondition);
        } catch (RuntimeException rejected) {
          if (guessed) {
            continue;
          }
          throw rejected;
        }
        // The fsync of this node's copy overlaps the compare-and-set; the copy takes its place only once committed.
        CompletableFuture<SnapshotFile.Prepared> prepared = CompletableFuture.supplyAsync(() -> {
          try {
            return snapshotFile.prepare(next);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, snapshotWriter);
        boolean committed;
        try {
          committed = compareAndSet(currentJson, new StoredConfig(next, false));
        } catch (RuntimeException e) {
          settle(prepared, false, next);
          throw e;
        }
        if (committed) {
          ConfigChange published = change instanceof ConfigChange.ReplaceAll ? null : change;
          vertx.eventBus().publish(ClusterNames.CONFIG_CHANGED, new ConfigEvent(next.version(), published).toJson());
          // The other nodes apply the change while this one records it and makes it durable before acknowledging.
          ConfigHistory.Recording recording = history.record(HistoryEntry.of(Instant.now(), origin, change, next),
            stored != null && !stored.seeded());
          settle(prepared, true, next);
          recording.await();
          LOG.info("config version " + next.version() + ": " + change.describe() + " by " + origin.actor());
          return new ConfigCommit(change, next, !current.containsTargetOf(change));
        }
        settle(prepared, false, next);
      }
      throw new StoreUnavailableException("config kept changing under " + MAX_ATTEMPTS + " attempts to write", null);
    }
  }

  private boolean seedBlocking(ConfigSnapshot snapshot) {
    synchronized (writeLock) {
      String currentJson = unavailableIfHazelcastFails(() -> map.get(ClusterNames.SNAPSHOT_KEY));
      if (currentJson != null) {
        StoredConfig current = decode(currentJson);
        if (!current.seeded() || current.snapshot().version() >= snapshot.version()) {
          return false;
        }
      }
      if (!compareAndSet(currentJson, new StoredConfig(snapshot, true))) {
        return false;
      }
      vertx.eventBus().publish(ClusterNames.CONFIG_CHANGED, new ConfigEvent(snapshot.version(), null).toJson());
      LOG.info("config version " + snapshot.version() + " seeded the cluster (" + snapshot.routes().size()
        + " routes, " + snapshot.upstreams().size() + " upstreams)");
      return true;
    }
  }

  private boolean compareAndSet(String expectedJson, StoredConfig next) {
    String nextJson = next.encode();
    long deadline = System.nanoTime() + QUORUM_SETTLE.toNanos();
    while (true) {
      try {
        return unavailableIfHazelcastFails(() -> swap(expectedJson, nextJson, next));
      } catch (StoreUnavailableException e) {
        boolean settling = e.getCause() instanceof SplitBrainProtectionException
          && hazelcast.getCluster().getMembers().size() >= quorum && System.nanoTime() - deadline < 0;
        if (!settling) {
          throw e;
        }
        LockSupport.parkNanos(QUORUM_RETRY_NANOS);
      }
    }
  }

  private boolean swap(String expectedJson, String nextJson, StoredConfig next) {
    boolean swapped = expectedJson == null
      ? map.putIfAbsent(ClusterNames.SNAPSHOT_KEY, nextJson) == null
      : map.replace(ClusterNames.SNAPSHOT_KEY, expectedJson, nextJson);
    if (swapped) {
      // Only the periodic check reads the version entry, and the next write repairs it if this one is lost.
      map.setAsync(ClusterNames.VERSION_KEY, Long.toString(next.snapshot().version()));
      lastDecoded = new Decoded(nextJson, next);
    }
    return swapped;
  }

  /** Waits for this node's copy of {@code snapshot}, then puts it in place if it was committed or removes it. */
  private void settle(CompletableFuture<SnapshotFile.Prepared> prepared, boolean committed, ConfigSnapshot snapshot) {
    try {
      SnapshotFile.Prepared copy = prepared.join();
      if (committed) {
        copy.install();
      } else {
        copy.discard();
      }
    } catch (IOException | RuntimeException e) {
      if (committed) {
        // The change is committed in the cluster with its backup; only this node's restart memory is behind.
        LOG.severe("config version " + snapshot.version() + " committed but not written to " + snapshotFile.path()
          + ": " + e);
      } else {
        LOG.warning("could not remove the copy of uncommitted config version " + snapshot.version() + ": " + e);
      }
    }
  }

  private StoredConfig decode(String json) {
    Decoded last = lastDecoded;
    if (last != null && last.json().equals(json)) {
      return last.config();
    }
    StoredConfig config = StoredConfig.decode(json);
    lastDecoded = new Decoded(json, config);
    return config;
  }

  private static <T> T unavailableIfHazelcastFails(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (SplitBrainProtectionException e) {
      throw new StoreUnavailableException("this node is not in a majority of the cluster, so config writes are "
        + "refused until it rejoins: " + e.getMessage(), e);
    } catch (HazelcastException | UncheckedIOException e) {
      throw new StoreUnavailableException("the cluster store failed: " + e.getMessage(), e);
    }
  }
}
