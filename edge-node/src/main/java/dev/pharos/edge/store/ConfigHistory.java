package dev.pharos.edge.store;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import dev.pharos.model.HistoryEntry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The last versions committed, in the Hazelcast map {@value dev.pharos.model.ClusterNames#CONFIG_HISTORY_MAP}: one
 * entry per version, keyed by it, holding the {@link HistoryEntry} JSON with the whole table. The map has a
 * synchronous backup like the config itself, but lives in memory only: after a restart of every node it starts empty.
 */
final class ConfigHistory {

  private static final Logger LOG = Logger.getLogger(ConfigHistory.class.getName());
  /** Hazelcast's name for an entry's key in a query. */
  private static final String KEY = "__key";

  private final Vertx vertx;
  private final IMap<Long, String> map;
  private final int size;

  /** @param size the versions kept; older ones are removed as newer ones are recorded */
  ConfigHistory(Vertx vertx, IMap<Long, String> map, int size) {
    this.vertx = vertx;
    this.map = map;
    this.size = size;
  }

  /**
   * Starts recording a version that has just been committed and returns at once; {@link Recording#await()} blocks
   * until the entry and its backup are written, so that a rollback to it works as soon as its commit is
   * acknowledged. Trimming older versions runs in the background. A failure is logged, not thrown: the version is
   * committed whether or not its history entry could be kept.
   */
  Recording record(HistoryEntry entry) {
    CompletableFuture<Void> written = map.setAsync(entry.version(), entry.toJson().encode()).toCompletableFuture();
    return () -> {
      try {
        written.join();
      } catch (RuntimeException e) {
        LOG.severe("config version " + entry.version() + " committed but not recorded in the history: " + e);
        return;
      }
      trimBelow(entry.version() - size + 1);
    };
  }

  /** A history write under way. */
  interface Recording {

    /** Blocks until the entry is written or has failed. */
    void await();
  }

  private void trimBelow(long oldestKept) {
    // Everything older than the window, not just one key: while a rolling restart changes the size, members disagree
    // on it, and deleting single keys would leave the older ones behind for good.
    vertx.executeBlocking(() -> {
      map.removeAll(Predicates.lessThan(KEY, oldestKept));
      return null;
    }, false).onFailure(e -> LOG.warning("could not trim the config history below version " + oldestKept + ": " + e));
  }

  /** Newest first, at most {@code limit}. */
  Future<List<HistoryEntry>> newest(int limit) {
    return vertx.executeBlocking(() -> {
      Set<Long> versions = new TreeSet<>(Comparator.reverseOrder());
      versions.addAll(map.keySet());
      Set<Long> wanted = versions.stream().limit(limit).collect(Collectors.toSet());
      Map<Long, String> found = map.getAll(wanted);
      return found.values().stream()
        .map(json -> HistoryEntry.fromJson(new JsonObject(json)))
        .sorted(Comparator.comparingLong(HistoryEntry::version).reversed())
        .toList();
    }, false);
  }

  Future<Optional<HistoryEntry>> get(long version) {
    return Future.fromCompletionStage(map.getAsync(version), vertx.getOrCreateContext())
      .compose(json -> json == null ? Future.succeededFuture(Optional.empty())
        : vertx.executeBlocking(() -> Optional.of(HistoryEntry.fromJson(new JsonObject(json))), false));
  }
}
