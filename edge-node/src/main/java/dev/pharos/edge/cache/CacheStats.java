package dev.pharos.edge.cache;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.LongAdder;

/** What this node's cache stage did, counted since the node started. Shared by the node's event loops. */
public final class CacheStats {

  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder staleServes = new LongAdder();
  final LongAdder revalidations = new LongAdder();
  final LongAdder collapsedWaits = new LongAdder();
  final LongAdder stores = new LongAdder();

  public void hit() {
    hits.increment();
  }

  public void miss() {
    misses.increment();
  }

  public void staleServed() {
    staleServes.increment();
  }

  public void revalidated() {
    revalidations.increment();
  }

  void collapsedWait() {
    collapsedWaits.increment();
  }

  void stored() {
    stores.increment();
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long staleServes() {
    return staleServes.sum();
  }

  JsonObject toJson() {
    return new JsonObject().put("hits", hits.sum()).put("misses", misses.sum())
      .put("staleServes", staleServes.sum()).put("revalidations", revalidations.sum())
      .put("collapsedWaits", collapsedWaits.sum()).put("stores", stores.sum());
  }
}
