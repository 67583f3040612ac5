package dev.pharos.edge.upstream;

/**
 * A 64-bit hash of a string that is the same in every JVM: FNV-1a over its UTF-16 code units, then MurmurHash3's
 * finaliser so that keys differing in one character (IP addresses, user ids) spread over the whole range.
 * {@link String#hashCode()} is stable too, but 32 bits wide and too regular for that.
 */
final class KeyHash {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private KeyHash() {
  }

  static long of(String s) {
    return of(s, 0);
  }

  /** A hash from an independent family per seed, for structures that need two hashes of one key. */
  static long of(String s, long seed) {
    long h = FNV_OFFSET ^ seed;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
