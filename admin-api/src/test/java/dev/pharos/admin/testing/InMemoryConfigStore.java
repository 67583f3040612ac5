package dev.pharos.admin.testing;

import dev.pharos.admin.ConfigStore;
import dev.pharos.model.ChangeOrigin;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigCommit;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HistoryEntry;
import dev.pharos.model.HistoryHeader;
import dev.pharos.model.Precondition;
import io.vertx.core.Future;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link ConfigStore} held in fields: what a single node without a cluster would do. */
public final class InMemoryConfigStore implements ConfigStore {

  private final int historySize;
  private ConfigSnapshot current = ConfigSnapshot.EMPTY;
  private final TreeMap<Long, HistoryEntry> history = new TreeMap<>();

  public InMemoryConfigStore() {
    this(100);
  }

  /** @param historySize the versions the history keeps */
  public InMemoryConfigStore(int historySize) {
    this.historySize = historySize;
  }

  @Override
  public synchronized Future<ConfigSnapshot> snapshot() {
    return Future.succeededFuture(current);
  }

  @Override
  public synchronized Future<ConfigCommit> commit(ConfigChange change, Precondition precondition,
                                                  ChangeOrigin origin) {
    ConfigSnapshot before = current;
    try {
      current = before.apply(change, precondition);
    } catch (RuntimeException rejected) {
      return Future.failedFuture(rejected);
    }
    history.put(current.version(), HistoryEntry.of(Instant.now(), origin, change, current));
    history.headMap(current.version() - historySize, true).clear();
    return Future.succeededFuture(new ConfigCommit(change, current, !before.containsTargetOf(change)));
  }

  @Override
  public synchronized Future<List<HistoryHeader>> history(int limit) {
    List<HistoryHeader> newestFirst = new ArrayList<>(history.values().stream().map(HistoryEntry::header).toList());
    newestFirst.sort(Comparator.comparingLong(HistoryHeader::version).reversed());
    return Future.succeededFuture(List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size()))));
  }

  @Override
  public synchronized Future<Optional<HistoryEntry>> historyEntry(long version) {
    return Future.succeededFuture(Optional.ofNullable(history.get(version)));
  }

  /** The current table, for assertions that a refused write changed nothing. */
  public synchronized ConfigSnapshot current() {
    return current;
  }
}
