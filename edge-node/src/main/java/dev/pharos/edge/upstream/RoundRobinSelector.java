package dev.pharos.edge.upstream;

/**
 * Smooth weighted round-robin, as in nginx: each pick adds every target's weight to its running score, takes the
 * target with the highest score (the first one on a tie) and subtracts the total weight from it. Over any run of
 * {@code total weight} picks each target is chosen exactly {@code weight} times, and picks of a heavy target are
 * spread out rather than bunched ({@code 5:1:1} gives {@code a a b a c a a}, not {@code a a a a a b c}).
 *
 * <p>One instance serves every event loop, so picks take a lock; it is held for a pass over the targets and skipped
 * entirely when there is at most one target.
 */
final class RoundRobinSelector implements TargetSelector {

  private final Endpoint[] endpoints;
  private final int[] weights;
  private final int totalWeight;

  // Guarded by this.
  private final int[] scores;

  /** @param endpoints targets with weight above 0 */
  RoundRobinSelector(Endpoint[] endpoints) {
    this.endpoints = endpoints;
    this.weights = new int[endpoints.length];
    int total = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = endpoints[i].weight();
      total += weights[i];
    }
    this.totalWeight = total;
    this.scores = new int[endpoints.length];
  }

  @Override
  public Endpoint next(RequestFacts request) {
    switch (endpoints.length) {
      case 0:
        return null;
      case 1:
        return endpoints[0];
      default:
        return endpoints[pick()];
    }
  }

  private synchronized int pick() {
    int best = 0;
    for (int i = 0; i < scores.length; i++) {
      scores[i] += weights[i];
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    scores[best] -= totalWeight;
    return best;
  }
}
