package dev.pharos.edge.cache;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Adds one variant to a URL's entry where the entry lives, atomically: the variant replaces the one stored for the
 * same secondary key, variants past their use and variants of another {@code Vary} (the origin changed it) go, and
 * the entry's TTL becomes the time until its last variant is of no use. Runs the same on backups, since {@code now}
 * travels with it.
 */
final class StoreVariant implements EntryProcessor<String, byte[], Boolean>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final byte[] variant;
  private final long now;

  StoreVariant(byte[] variant, long now) {
    this.variant = variant;
    this.now = now;
  }

  @Override
  public Boolean process(Map.Entry<String, byte[]> entry) {
    StoredResponse added = EntryCodec.decode(variant).variants().get(0);
    List<StoredResponse> kept = new ArrayList<>();
    kept.add(added);
    byte[] existing = entry.getValue();
    if (existing != null) {
      try {
        for (StoredResponse old : EntryCodec.decode(existing).variants()) {
          if (old.keepUntil() > now && !old.secondaryKey().equals(added.secondaryKey())
            && old.varyNames().equals(added.varyNames())) {
            kept.add(old);
          }
        }
      } catch (IllegalArgumentException e) {
        // An entry this version cannot read is replaced.
      }
    }
    long ttl = kept.stream().mapToLong(StoredResponse::keepUntil).max().orElse(now) - now;
    if (ttl <= 0) {
      entry.setValue(null);
      return false;
    }
    ((ExtendedMapEntry<String, byte[]>) entry).setValue(EntryCodec.encode(kept), ttl, TimeUnit.MILLISECONDS);
    return true;
  }
}
