package dev.pharos.admin;

import dev.pharos.model.ChangeOrigin;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigCommit;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HistoryEntry;
import dev.pharos.model.HistoryHeader;
import dev.pharos.model.Precondition;
import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Where the route table is kept. The edge node implements it on Hazelcast; every method is asynchronous and completes
 * on the caller's Vert.x context.
 */
public interface ConfigStore {

  /** The current table as the cluster holds it ({@link ConfigSnapshot#EMPTY} before the first write). */
  Future<ConfigSnapshot> snapshot();

  /**
   * Applies one change atomically on top of the current table and makes it the next version. When the returned
   * future succeeds the change is durable (backed up in the cluster and on the local disk) and announced to every
   * node. The version is then in the config history too, attributed to {@code origin}.
   *
   * @return fails with {@link dev.pharos.model.ConfigRejection} (404, 409, 412),
   *     {@link dev.pharos.model.ValidationException} (400), or {@link StoreUnavailableException} (503) when the
   *     cluster cannot accept writes
   */
  Future<ConfigCommit> commit(ConfigChange change, Precondition precondition, ChangeOrigin origin);

  /** The versions the history keeps, newest first, at most {@code limit} of them, without their tables. */
  Future<List<HistoryHeader>> history(int limit);

  /** One version from the history, or empty when it was never committed or has been trimmed away. */
  Future<Optional<HistoryEntry>> historyEntry(long version);
}
