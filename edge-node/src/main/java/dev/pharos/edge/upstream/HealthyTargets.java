package dev.pharos.edge.upstream;

import dev.pharos.model.HealthCheck;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;

/**
 * Applies an upstream's policy to its healthy targets only. While every target is healthy, or while the upstream is
 * in panic (more than the health check's threshold of its targets unhealthy), the policy chooses among all targets;
 * otherwise among a selector of the same policy built over the healthy ones. With consistent hashing that selector's
 * Maglev table is built from the healthy targets alone, so every node that sees the same health sends a key of an
 * unhealthy target to the same live target, and the keys of the live targets barely move.
 *
 * <p>The healthy selector is rebuilt on the first request after a change of {@link TargetHealth}, under a lock that
 * only such a request takes; requests between two changes read one volatile field.
 */
final class HealthyTargets implements TargetSelector {

  private static final Logger LOG = System.getLogger(HealthyTargets.class.getName());

  private final String upstreamId;
  private final Endpoint[] all;
  private final int panicThresholdPercent;
  private final TargetHealth health;
  private final Function<Endpoint[], TargetSelector> policy;
  private final TargetSelector allTargets;
  private volatile Live live;

  /**
   * @param endpoints targets with weight above 0
   * @param check     the upstream's health check, or null: its panic threshold is then the default
   * @param policy    builds the upstream's selector over a set of endpoints
   */
  HealthyTargets(String upstreamId, Endpoint[] endpoints, HealthCheck check, TargetHealth health,
                 Function<Endpoint[], TargetSelector> policy) {
    this.upstreamId = upstreamId;
    this.all = endpoints;
    this.panicThresholdPercent = check == null ? HealthCheck.DEFAULT_PANIC_THRESHOLD_PERCENT
      : check.panicThresholdPercent();
    this.health = health;
    this.policy = policy;
    this.allTargets = policy.apply(endpoints);
    this.live = new Live(-1, endpoints, allTargets, false);
  }

  @Override
  public Endpoint next(RequestFacts request) {
    return live().selector.next(request);
  }

  /**
   * Asks the policy again, as many times as there are targets, then falls back to the least loaded usable target not
   * tried yet: a policy may keep naming a tried target (a hashed key always names the same one).
   */
  @Override
  public Endpoint nextUntried(RequestFacts request, Set<Endpoint> tried) {
    Live current = live();
    Endpoint[] usable = current.selector == allTargets ? all : current.healthy;
    for (int i = 0; i < usable.length; i++) {
      Endpoint endpoint = current.selector.next(request);
      if (endpoint != null && !tried.contains(endpoint)) {
        return endpoint;
      }
    }
    Endpoint best = null;
    for (Endpoint endpoint : usable) {
      if (!tried.contains(endpoint) && (best == null || endpoint.compareLoad(best) < 0)) {
        best = endpoint;
      }
    }
    return best;
  }

  /** Whether a request may go to {@code endpoint}, one of this upstream's: it is healthy, or the upstream panics. */
  boolean isUsable(Endpoint endpoint) {
    return live().panic || health.isHealthy(endpoint.target().address());
  }

  /**
   * Whether taking {@code endpoint}, one of this upstream's, out of service would leave the upstream out of panic.
   */
  boolean mayEject(Endpoint endpoint) {
    Live current = live();
    int unhealthy = all.length - current.healthy.length
      + (health.isHealthy(endpoint.target().address()) ? 1 : 0);
    return !HealthCheck.isPanic(unhealthy, all.length, panicThresholdPercent);
  }

  private Live live() {
    Live current = live;
    return current.version == health.version() ? current : refresh();
  }

  private synchronized Live refresh() {
    long version = health.version();
    Live previous = live;
    if (previous.version == version) {
      return previous;
    }
    Endpoint[] healthy = Arrays.stream(all).filter(e -> health.isHealthy(e.target().address()))
      .toArray(Endpoint[]::new);
    boolean panic = HealthCheck.isPanic(all.length - healthy.length, all.length, panicThresholdPercent);
    TargetSelector selector;
    if (panic || healthy.length == all.length) {
      selector = allTargets;
    } else if (Arrays.equals(healthy, previous.healthy) && previous.selector != allTargets) {
      selector = previous.selector;
    } else {
      selector = policy.apply(healthy);
    }
    if (panic != previous.panic) {
      LOG.log(panic ? Level.WARNING : Level.INFO, () -> "upstream " + upstreamId + (panic
        ? ": panic, " + (all.length - healthy.length) + " of " + all.length + " targets unhealthy (more than "
          + panicThresholdPercent + "%); sending traffic to all of them"
        : ": panic over, " + healthy.length + " of " + all.length + " targets healthy"));
    }
    Live next = new Live(version, healthy, selector, panic);
    live = next;
    return next;
  }

  private record Live(long version, Endpoint[] healthy, TargetSelector selector, boolean panic) {
  }
}
