package dev.pharos.edge.cache;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes a short lease on a key where the key lives, if no one holds it: the holder is the one member that fetches the
 * key from the origin. The lease ends when its holder removes it, or by its TTL if the holder dies first.
 */
final class Lease implements EntryProcessor<String, String, Boolean>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String holder;
  private final long ttlMs;

  Lease(String holder, long ttlMs) {
    this.holder = holder;
    this.ttlMs = ttlMs;
  }

  @Override
  public Boolean process(Map.Entry<String, String> entry) {
    if (entry.getValue() != null) {
      return false;
    }
    ((ExtendedMapEntry<String, String>) entry).setValue(holder, ttlMs, TimeUnit.MILLISECONDS);
    return true;
  }
}
