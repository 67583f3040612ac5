package dev.pharos.edge.cache;

import com.hazelcast.map.EntryProcessor;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/** Removes the entry it runs on, answering whether there was one; with a {@link PurgeFilter}, removes every entry the filter selects. */
final class Remove implements EntryProcessor<String, byte[], Boolean>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  @Override
  public Boolean process(Map.Entry<String, byte[]> entry) {
    boolean present = entry.getValue() != null;
    entry.setValue(null);
    return present;
  }
}
