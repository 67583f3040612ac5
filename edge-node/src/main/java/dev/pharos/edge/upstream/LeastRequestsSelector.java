package dev.pharos.edge.upstream;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The target with the fewest requests in flight from this node relative to its weight (in flight ÷ weight, as
 * nginx's {@code least_conn} and HAProxy's {@code leastconn} weigh them). Ties, which are the rule on an idle
 * upstream, go to one of the tied targets at random in proportion to weight, so light traffic still follows the
 * weights.
 *
 * <p>Lock-free: one pass over the targets reading their counts, with a weighted reservoir draw among the ties.
 */
final class LeastRequestsSelector implements TargetSelector {

  private final Endpoint[] endpoints;

  /** @param endpoints targets with weight above 0 */
  LeastRequestsSelector(Endpoint[] endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  public Endpoint next(RequestFacts request) {
    if (endpoints.length <= 1) {
      return endpoints.length == 0 ? null : endpoints[0];
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Endpoint best = endpoints[0];
    int tiedWeight = best.weight();
    for (int i = 1; i < endpoints.length; i++) {
      Endpoint candidate = endpoints[i];
      int load = candidate.compareLoad(best);
      if (load < 0) {
        best = candidate;
        tiedWeight = candidate.weight();
      } else if (load == 0) {
        tiedWeight += candidate.weight();
        if (random.nextInt(tiedWeight) < candidate.weight()) {
          best = candidate;
        }
      }
    }
    return best;
  }
}
