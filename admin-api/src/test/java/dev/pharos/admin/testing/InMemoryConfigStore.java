package dev.pharos.admin.testing;

import dev.pharos.admin.ConfigStore;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigCommit;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.Precondition;
import io.vertx.core.Future;

/** A {@link ConfigStore} held in one field: what a single node without a cluster would do. */
public final class InMemoryConfigStore implements ConfigStore {

  private ConfigSnapshot current = ConfigSnapshot.EMPTY;

  @Override
  public synchronized Future<ConfigSnapshot> snapshot() {
    return Future.succeededFuture(current);
  }

  @Override
  public synchronized Future<ConfigCommit> commit(ConfigChange change, Precondition precondition) {
    ConfigSnapshot before = current;
    try {
      current = before.apply(change, precondition);
    } catch (RuntimeException rejected) {
      return Future.failedFuture(rejected);
    }
    return Future.succeededFuture(new ConfigCommit(change, current, !before.containsTargetOf(change)));
  }

  /** The current table, for assertions that a refused write changed nothing. */
  public synchronized ConfigSnapshot current() {
    return current;
  }
}
