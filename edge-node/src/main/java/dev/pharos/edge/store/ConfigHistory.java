package dev.pharos.edge.store;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HistoryEntry;
import dev.pharos.model.HistoryHeader;
import dev.pharos.model.Precondition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * The last versions committed, in the Hazelcast map {@value dev.pharos.model.ClusterNames#CONFIG_HISTORY_MAP}: one
 * entry per version, keyed by it. Most entries hold only their {@link HistoryHeader} (which carries the change);
 * every {@code wholeTableEvery}-th version, every whole-table replacement, and the first version after a table the
 * history lacks (a start-up seed) also hold the whole table. A version's table is rebuilt by applying the changes
 * after the nearest earlier whole table, so a commit writes a few hundred bytes rather than the table.
 *
 * <pre>
 *   keys:   ... │ base ... │ oldest kept ............ newest │
 *                 ▲ whole table at most wholeTableEvery-1 below the oldest kept version; kept, but neither listed
 *                   nor served
 * </pre>
 *
 * The map has a synchronous backup like the config itself, but lives in memory only: after a restart of every node it
 * starts empty.
 */
final class ConfigHistory {

  private static final Logger LOG = Logger.getLogger(ConfigHistory.class.getName());
  /** Hazelcast's name for an entry's key in a query. */
  private static final String KEY = "__key";
  /** More keys than this to remove at once (this node last trimmed long ago) are removed by one scan instead. */
  private static final long MAX_KEYS_PER_TRIM = 256;
  private static final String TABLE_FIELD = "config";

  private final Vertx vertx;
  private final IMap<Long, String> map;
  private final int size;
  private final int wholeTableEvery;

  // Guarded by the store's write lock: record() and Recording.await() are called under it.
  private boolean lastRecordFailed;
  // Every key below this is gone, as far as this node knows; 0 until this node has trimmed once by a scan (what
  // other members trimmed with another size setting, or before a restart, is unknown until then). Volatile: a failed
  // background trim resets it.
  private volatile long trimmedBelow;

  /**
   * @param size            the versions kept (listed and served); older ones are removed as newer ones are recorded
   * @param wholeTableEvery how often an entry holds the whole table, in versions: rebuilding a version applies at
   *                        most this many changes less one
   */
  ConfigHistory(Vertx vertx, IMap<Long, String> map, int size, int wholeTableEvery) {
    this.vertx = vertx;
    this.map = map;
    this.size = size;
    this.wholeTableEvery = wholeTableEvery;
  }

  /**
   * Starts recording a version that has just been committed and returns at once; {@link Recording#await()} blocks
   * until the entry and its backup are written, so that a rollback to it works as soon as its commit is
   * acknowledged. Trimming older versions runs in the background. A failure is logged, not thrown: the version is
   * committed whether or not its history entry could be kept.
   *
   * @param previousRecorded whether the version before this one is in the history (false after a seed), so that this
   *                         one may hold its change alone
   */
  Recording record(HistoryEntry entry, boolean previousRecorded) {
    boolean wholeTable = !previousRecorded || lastRecordFailed || !entry.header().replayable()
      || entry.version() % wholeTableEvery == 0;
    JsonObject json = wholeTable ? entry.toJson() : entry.toSummaryJson();
    CompletableFuture<Void> written = map.setAsync(entry.version(), json.encode()).toCompletableFuture();
    return () -> {
      try {
        written.join();
        lastRecordFailed = false;
      } catch (RuntimeException e) {
        // The next entry this node writes holds its whole table, so later versions can be rebuilt again.
        lastRecordFailed = true;
        LOG.severe("config version " + entry.version() + " committed but not recorded in the history: " + e);
        return;
      }
      trim(entry.version());
    };
  }

  /** A history write under way. */
  interface Recording {

    /** Blocks until the entry is written or has failed. */
    void await();
  }

  private void trim(long newest) {
    // The oldest kept version needs the whole table at or below it, and one is at most wholeTableEvery - 1 lower.
    long keepFrom = newest - size - wholeTableEvery + 2;
    long from = trimmedBelow;
    if (keepFrom <= from) {
      return;
    }
    trimmedBelow = keepFrom;
    if (from == 0 || keepFrom - from > MAX_KEYS_PER_TRIM) {
      // Everything below, not just the keys this node knows of: while a rolling restart changes the size, members
      // disagree on it, and removing single keys would leave the older ones behind for good.
      vertx.executeBlocking(() -> {
        map.removeAll(Predicates.lessThan(KEY, keepFrom));
        return null;
      }, false).onFailure(e -> trimFailed(keepFrom, e));
      return;
    }
    for (long version = from; version < keepFrom; version++) {
      map.removeAsync(version).exceptionally(e -> {
        trimFailed(keepFrom, e);
        return null;
      });
    }
  }

  private void trimFailed(long keepFrom, Throwable e) {
    trimmedBelow = 0;
    LOG.warning("could not trim the config history below version " + keepFrom + ": " + e);
  }

  /**
   * Newest first, at most {@code limit}, of the versions kept below {@code current}, the cluster's version.
   */
  Future<List<HistoryHeader>> newest(int limit, long current) {
    return vertx.executeBlocking(() -> {
      Set<Long> wanted = map.keySet().stream()
        .filter(version -> kept(version, current))
        .sorted(Comparator.reverseOrder())
        .limit(limit)
        .collect(Collectors.toSet());
      return map.getAll(wanted).values().stream()
        .map(json -> HistoryHeader.fromJson(new JsonObject(json)))
        .sorted(Comparator.comparingLong(HistoryHeader::version).reversed())
        .toList();
    }, false);
  }

  /** One kept version with its table, or empty when it is not kept (or its table cannot be rebuilt, logged). */
  Future<Optional<HistoryEntry>> get(long version, long current) {
    if (!kept(version, current)) {
      return Future.succeededFuture(Optional.empty());
    }
    return vertx.executeBlocking(() -> rebuild(version), false);
  }

  private boolean kept(long version, long current) {
    return version > current - size;
  }

  /** Reads back from {@code version} to the nearest whole table, then applies the changes after it in order. */
  private Optional<HistoryEntry> rebuild(long version) {
    List<HistoryHeader> changes = new ArrayList<>();
    HistoryEntry base = null;
    long high = version;
    while (base == null) {
      long low = Math.max(1, high - wholeTableEvery + 1);
      Map<Long, String> batch = map.getAll(LongStream.rangeClosed(low, high).boxed().collect(Collectors.toSet()));
      for (long key = high; key >= low && base == null; key--) {
        String json = batch.get(key);
        if (json == null) {
          if (key != version) {
            LOG.warning("config version " + version + " is in the history but cannot be rebuilt: version " + key
              + ", which it builds on, is missing");
          }
          return Optional.empty();
        }
        JsonObject entry = new JsonObject(json);
        if (entry.containsKey(TABLE_FIELD)) {
          base = HistoryEntry.fromJson(entry);
        } else {
          changes.add(HistoryHeader.fromJson(entry));
        }
      }
      high = low - 1;
      if (base == null && high < 1) {
        LOG.warning("config version " + version + " is in the history but no whole table precedes it");
        return Optional.empty();
      }
    }
    ConfigSnapshot table = base.snapshot();
    for (int i = changes.size() - 1; i >= 0; i--) {
      table = table.apply(ConfigChange.fromJson(changes.get(i).change()), Precondition.NONE);
    }
    return Optional.of(changes.isEmpty() ? base : new HistoryEntry(changes.get(0), table));
  }
}
