package dev.pharos.edge.upstream;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The power of two choices: draw two distinct targets at random, each in proportion to its weight, and take the one
 * with fewer requests in flight relative to its weight; on a tie, the first drawn. Cheaper than a full scan on large
 * upstreams, and a busy target is only chosen when both draws find busy targets.
 *
 * <p>Lock-free: two binary searches over cumulative weights.
 */
final class RandomTwoSelector implements TargetSelector {

  private final Endpoint[] endpoints;
  // cumulativeWeights[i] = sum of the weights of endpoints 0..i.
  private final int[] cumulativeWeights;

  /** @param endpoints targets with weight above 0 */
  RandomTwoSelector(Endpoint[] endpoints) {
    this.endpoints = endpoints;
    this.cumulativeWeights = new int[endpoints.length];
    int total = 0;
    for (int i = 0; i < endpoints.length; i++) {
      total += endpoints[i].weight();
      cumulativeWeights[i] = total;
    }
  }

  @Override
  public Endpoint next(RequestFacts request) {
    if (endpoints.length <= 1) {
      return endpoints.length == 0 ? null : endpoints[0];
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int total = cumulativeWeights[endpoints.length - 1];
    int first = indexOf(random.nextInt(total));
    // The second draw is over the other targets' weights: skip the first's range rather than drawing again.
    int firstWeight = endpoints[first].weight();
    int point = random.nextInt(total - firstWeight);
    int firstStart = cumulativeWeights[first] - firstWeight;
    int second = indexOf(point < firstStart ? point : point + firstWeight);
    Endpoint a = endpoints[first];
    Endpoint b = endpoints[second];
    return b.compareLoad(a) < 0 ? b : a;
  }

  /** The endpoint whose weight range holds {@code point}, 0 <= point < total weight. */
  private int indexOf(int point) {
    int i = Arrays.binarySearch(cumulativeWeights, point + 1);
    return i >= 0 ? i : -i - 1;
  }
}
