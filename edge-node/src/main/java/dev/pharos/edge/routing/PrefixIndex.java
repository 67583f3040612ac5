package dev.pharos.edge.routing;

import java.util.Map;

/**
 * An immutable hash table keyed by path prefixes and probed with the leading part of a request path, so that a
 * lookup makes no substring. Keys hash as {@link String#hashCode()} does, which lets a caller walking a path
 * compute the hash of every leading part in one pass. Open addressing with linear probing, at most half full.
 *
 * <p>Most leading parts of a path are not keys. Two checks reject them without touching a key string: a bit set of
 * the key lengths (modulo 64), then the stored hash of each slot probed.
 */
final class PrefixIndex<V> {

  private final String[] keys;
  private final int[] hashes;
  private final Object[] values;
  private final int mask;
  private final long keyLengths;
  private final int maxKeyLength;

  PrefixIndex(Map<String, V> entries) {
    int capacity = Integer.highestOneBit(Math.max(2, entries.size() * 2) - 1) << 1;
    keys = new String[capacity];
    hashes = new int[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    long lengths = 0;
    int longest = 0;
    for (Map.Entry<String, V> entry : entries.entrySet()) {
      String key = entry.getKey();
      int i = slot(key.hashCode());
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      hashes[i] = key.hashCode();
      values[i] = entry.getValue();
      lengths |= 1L << key.length();
      longest = Math.max(longest, key.length());
    }
    keyLengths = lengths;
    maxKeyLength = longest;
  }

  /** Keys longer than this cannot match, so a caller can stop walking the path here. */
  int maxKeyLength() {
    return maxKeyLength;
  }

  /**
   * @param hash the {@link String#hashCode()} of {@code path.substring(0, length)}
   * @return the value of the key equal to the first {@code length} characters of {@code path}, or null
   */
  @SuppressWarnings("unchecked")
  V get(String path, int length, int hash) {
    if ((keyLengths & 1L << length) == 0) {
      return null;
    }
    for (int i = slot(hash); ; i = (i + 1) & mask) {
      String key = keys[i];
      if (key == null) {
        return null;
      }
      if (hashes[i] == hash && key.length() == length && path.startsWith(key)) {
        return (V) values[i];
      }
    }
  }

  private int slot(int hash) {
    return (hash ^ hash >>> 16) & mask;
  }
}
