package dev.pharos.edge.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiPredicate;

/**
 * This node's copies of recently read entries, least recently used first out once their weight passes the bound: a
 * hit on one costs no network hop. Shared by the node's event loops; each operation holds the lock for a map lookup.
 *
 * <p>A copy must never outlive a change of its entry. Every change the node hears of (its own writes, the cluster
 * map's events, purges) bumps a stamp; a read from the cluster map takes the stamp before it asks and keeps the value
 * it got only if the stamp has not moved since, so an answer older than a change is never kept.
 */
final class HotCache {

  private static final int STRIPES = 1024;

  private final long maxWeight;
  private final LinkedHashMap<String, CachedEntry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
  private final AtomicLong epoch = new AtomicLong();
  private long weight;

  HotCache(long maxWeight) {
    this.maxWeight = maxWeight;
  }

  synchronized CachedEntry get(String url) {
    return entries.get(url);
  }

  /** The stamp to pass to {@link #putIfUnchanged} for a read of {@code url} about to start. */
  long stamp(String url) {
    return epoch.get() + stripes.get(stripe(url));
  }

  /** Keeps {@code entry} unless {@code url} changed since {@code stamp} was taken, or it alone passes the bound. */
  void putIfUnchanged(String url, CachedEntry entry, long stamp) {
    if (entry.weight() > maxWeight / 4) {
      return;
    }
    synchronized (this) {
      if (stamp(url) != stamp) {
        return;
      }
      CachedEntry previous = entries.put(url, entry);
      weight += entry.weight() - (previous == null ? 0 : previous.weight());
      Iterator<CachedEntry> eldest = entries.values().iterator();
      while (weight > maxWeight && eldest.hasNext()) {
        weight -= eldest.next().weight();
        eldest.remove();
      }
    }
  }

  void invalidate(String url) {
    stripes.incrementAndGet(stripe(url));
    synchronized (this) {
      CachedEntry removed = entries.remove(url);
      if (removed != null) {
        weight -= removed.weight();
      }
    }
  }

  /** Drops every copy {@code filter} selects; reads in flight keep nothing they got. */
  int purge(BiPredicate<String, CachedEntry> filter) {
    epoch.incrementAndGet();
    int removed = 0;
    synchronized (this) {
      Iterator<Map.Entry<String, CachedEntry>> it = entries.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, CachedEntry> e = it.next();
        if (filter.test(e.getKey(), e.getValue())) {
          weight -= e.getValue().weight();
          it.remove();
          removed++;
        }
      }
    }
    return removed;
  }

  synchronized int size() {
    return entries.size();
  }

  synchronized long weight() {
    return weight;
  }

  private static int stripe(String url) {
    return (url.hashCode() & 0x7fffffff) % STRIPES;
  }
}
