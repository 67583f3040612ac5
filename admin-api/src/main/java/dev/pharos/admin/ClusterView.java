package dev.pharos.admin;

import dev.pharos.model.MemberStatus;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/** What the admin API can see of the cluster: its live members and the config version each has applied. */
public interface ClusterView {

  /** Every live member, including this one, with what it last reported. */
  Future<List<MemberStatus>> members();

  /**
   * Completes when every live member has applied {@code version} or a later one.
   *
   * @return fails with {@link AppliedTimeoutException} naming the members that had not applied it in time
   */
  Future<Void> awaitApplied(long version, Duration timeout);
}
