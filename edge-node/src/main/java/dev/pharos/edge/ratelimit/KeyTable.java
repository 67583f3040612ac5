package dev.pharos.edge.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The keys a node tracks, at most {@code maxKeys}. A key met when the table is full is handled by the
 * {@link RateLimitSettings.Overflow} policy: counted under the rule's shared overflow key (which is let in beyond the
 * cap, one per rule), or refused.
 */
final class KeyTable {

  /** Ends the overflow key of a rule; a control character no request value can hold. */
  static final String OVERFLOW = "\u0002overflow";

  private final Map<String, LocalKey> keys = new ConcurrentHashMap<>();
  private final int maxKeys;
  private final RateLimitSettings.Overflow overflow;

  KeyTable(int maxKeys, RateLimitSettings.Overflow overflow) {
    this.maxKeys = maxKeys;
    this.overflow = overflow;
  }

  /**
   * @param rulePrefix the key's route and rule, which the overflow key of the rule shares
   * @return the key's state, or null when the table is full and the policy refuses new keys
   */
  LocalKey get(String rulePrefix, String key, boolean exact, BucketLimit limit, BucketLimit localShare, long now) {
    LocalKey found = keys.get(key);
    if (found != null) {
      return found;
    }
    if (keys.size() >= maxKeys) {
      if (overflow == RateLimitSettings.Overflow.REFUSE) {
        return null;
      }
      key = rulePrefix + OVERFLOW;
    }
    return keys.computeIfAbsent(key, k -> new LocalKey(exact, limit, localShare, now));
  }

  int size() {
    return keys.size();
  }

  void forEach(BiConsumer<String, LocalKey> action) {
    keys.forEach(action);
  }

  void remove(String key, LocalKey state) {
    keys.remove(key, state);
  }
}
