package dev.pharos.admin;

import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigCommit;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Precondition;
import io.vertx.core.Future;

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
   * node.
   *
   * @return fails with {@link dev.pharos.model.ConfigRejection} (404, 409, 412),
   *     {@link dev.pharos.model.ValidationException} (400), or {@link StoreUnavailableException} (503) when the
   *     cluster cannot accept writes
   */
  Future<ConfigCommit> commit(ConfigChange change, Precondition precondition);
}
