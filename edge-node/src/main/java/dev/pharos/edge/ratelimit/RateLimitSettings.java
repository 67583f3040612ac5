package dev.pharos.edge.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a node enforces rate limits.
 *
 * @param syncInterval how often the node reports each busy key to its owner and renews its lease, default
 *                     {@value #DEFAULT_SYNC_INTERVAL_MS} ms. Leases lapse after {@value #LEASE_LIFETIME_INTERVALS}
 *                     intervals without an answer, and owners take back leases of nodes silent for twice that.
 * @param maxKeys      keys (per rule) the node tracks at once, default {@value #DEFAULT_MAX_KEYS}
 * @param overflow     what happens to a new key once {@code maxKeys} are tracked, default {@link Overflow#SHARED_KEY}
 * @param keyIdle      a key not seen for this long is dropped, its lease handed back, default
 *                     {@value #DEFAULT_KEY_IDLE_MS} ms
 * @param ownerTimeout how long a sync or an exact check waits for the key's owner before the node falls back to its
 *                     own share of the limit, default {@value #DEFAULT_OWNER_TIMEOUT_MS} ms
 */
public record RateLimitSettings(Duration syncInterval, int maxKeys, Overflow overflow, Duration keyIdle,
                                Duration ownerTimeout) {

  public static final int DEFAULT_SYNC_INTERVAL_MS = 100;
  public static final int DEFAULT_MAX_KEYS = 100_000;
  public static final int DEFAULT_KEY_IDLE_MS = 60_000;
  public static final int DEFAULT_OWNER_TIMEOUT_MS = 1_000;
  static final int LEASE_LIFETIME_INTERVALS = 10;

  public static final RateLimitSettings DEFAULTS = new RateLimitSettings(Duration.ofMillis(DEFAULT_SYNC_INTERVAL_MS),
    DEFAULT_MAX_KEYS, Overflow.SHARED_KEY, Duration.ofMillis(DEFAULT_KEY_IDLE_MS),
    Duration.ofMillis(DEFAULT_OWNER_TIMEOUT_MS));

  /** What a node does with a key it meets while it tracks {@code maxKeys} keys already. */
  public enum Overflow {
    /** Every such key is counted under one shared key of the rule: they share one client's limit. */
    SHARED_KEY,
    /** Requests with such a key answer 429 until tracked keys go idle. */
    REFUSE;

    public String settingName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the policy named {@code name} ({@code shared-key} or {@code refuse}), or null */
    public static Overflow parse(String name) {
      for (Overflow o : values()) {
        if (o.settingName().equals(name)) {
          return o;
        }
      }
      return null;
    }
  }

  public RateLimitSettings {
    Objects.requireNonNull(syncInterval, "syncInterval");
    Objects.requireNonNull(overflow, "overflow");
    Objects.requireNonNull(keyIdle, "keyIdle");
    Objects.requireNonNull(ownerTimeout, "ownerTimeout");
    if (syncInterval.toMillis() < 1 || maxKeys < 1 || keyIdle.toMillis() < 1 || ownerTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("rate limit settings must be positive: " + this);
    }
  }

  /** How long a lease may be spent after the owner's last answer. */
  long leaseLifetimeMillis() {
    return syncInterval.toMillis() * LEASE_LIFETIME_INTERVALS;
  }

  /** How long an owner keeps a silent node's lease before taking it back. */
  long activeWindowMillis() {
    return 2 * leaseLifetimeMillis();
  }
}
