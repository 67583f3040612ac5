package dev.pharos.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** What the admin API can do with the cluster's HTTP cache. */
public interface CacheAdmin {

  /**
   * Removes the entries {@code purge} selects from the cluster and completes once every member has dropped its local
   * copies of them; fails when a member did not confirm in time.
   *
   * @return how many entries (URLs, each with all its variants) were removed
   */
  Future<Long> purge(CachePurge purge);

  /**
   * The cache's counters and size, per member and summed for the cluster:
   * {@code {"cluster": {...}, "nodes": [{"node": name, ...}]}}.
   */
  Future<JsonObject> stats();
}
