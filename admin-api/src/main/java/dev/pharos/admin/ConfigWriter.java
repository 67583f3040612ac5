package dev.pharos.admin;

import dev.pharos.model.ChangeOrigin;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigCommit;
import dev.pharos.model.Precondition;
import dev.pharos.model.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;

/**
 * Commits the change of a write request in the name of the request's {@link Actor}, under the request's precondition
 * ({@code If-Match}, {@code If-None-Match}), and with {@code ?wait=applied} completes only once every member has
 * applied it, so that a deploy script knows the whole cluster routes the new way when it gets its answer.
 */
final class ConfigWriter {

  static final String WAIT = "wait";
  static final String WAIT_APPLIED = "applied";
  static final String TIMEOUT_MS = "timeoutMs";

  /** Longer waits are cut to this: a request held open for minutes outlives client and proxy timeouts anyway. */
  static final long MAX_TIMEOUT_MS = 60_000;

  private final ConfigStore store;
  private final ClusterView cluster;
  private final Duration defaultTimeout;

  ConfigWriter(ConfigStore store, ClusterView cluster, Duration defaultTimeout) {
    this.store = store;
    this.cluster = cluster;
    this.defaultTimeout = defaultTimeout;
  }

  /**
   * @return fails as {@link ConfigStore#commit} does, or with {@link AppliedTimeoutException} when the change is
   *     committed but some member had not applied it in time
   * @throws ValidationException if {@code wait} or {@code timeoutMs} is invalid; nothing is committed then
   */
  Future<ConfigCommit> commit(RoutingContext ctx, ConfigChange change) {
    return commit(ctx, change, ChangeOrigin.of(Actor.of(ctx)));
  }

  /** As {@link #commit(RoutingContext, ConfigChange)}, recording the given origin (a rollback) in the history. */
  Future<ConfigCommit> commit(RoutingContext ctx, ConfigChange change, ChangeOrigin origin) {
    HttpServerRequest request = ctx.request();
    Duration wait = applyWait(request.params());
    Precondition precondition =
      new Precondition(request.getHeader(HttpHeaders.IF_MATCH), request.getHeader(HttpHeaders.IF_NONE_MATCH));
    Future<ConfigCommit> committed = store.commit(change, precondition, origin);
    if (wait == null) {
      return committed;
    }
    return committed.compose(commit -> cluster.awaitApplied(commit.version(), wait).map(commit));
  }

  /** How long to wait for every member, or null to answer as soon as the change is committed. */
  private Duration applyWait(MultiMap params) {
    String wait = params.get(WAIT);
    if (wait == null) {
      return null;
    }
    if (!wait.equals(WAIT_APPLIED)) {
      throw ValidationException.of(WAIT, "'" + wait + "' (expected: " + WAIT_APPLIED + ")");
    }
    String timeoutMs = params.get(TIMEOUT_MS);
    if (timeoutMs == null) {
      return defaultTimeout;
    }
    long millis;
    try {
      millis = Long.parseLong(timeoutMs);
    } catch (NumberFormatException e) {
      millis = 0;
    }
    if (millis < 1) {
      throw ValidationException.of(TIMEOUT_MS, "'" + timeoutMs + "' (expected: milliseconds >= 1)");
    }
    return Duration.ofMillis(Math.min(millis, MAX_TIMEOUT_MS));
  }
}
