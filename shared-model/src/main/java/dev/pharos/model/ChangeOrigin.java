package dev.pharos.model;

import java.util.Objects;

/**
 * Who asked for a change, as the config history records it.
 *
 * @param actor        the name of the admin token that made the request, or {@link #ANONYMOUS} when the admin API
 *                     runs without a token
 * @param rollbackOf   the version whose table the change restores, or 0 when the change is not a rollback
 */
public record ChangeOrigin(String actor, long rollbackOf) {

  /** The actor recorded when the admin API has no token, so nobody is identified. */
  public static final String ANONYMOUS = "anonymous";

  public ChangeOrigin {
    Objects.requireNonNull(actor, "actor");
    if (rollbackOf < 0) {
      throw new IllegalArgumentException("rollbackOf: " + rollbackOf + " (expected: >= 0)");
    }
  }

  public static ChangeOrigin of(String actor) {
    return new ChangeOrigin(actor, 0);
  }

  public static ChangeOrigin rollback(String actor, long version) {
    return new ChangeOrigin(actor, version);
  }

  public boolean isRollback() {
    return rollbackOf > 0;
  }
}
