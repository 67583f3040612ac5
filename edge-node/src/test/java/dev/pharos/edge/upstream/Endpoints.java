package dev.pharos.edge.upstream;

import dev.pharos.model.Target;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Endpoints with counters of their own, and pick counting, for selector tests. */
final class Endpoints {

  private Endpoints() {
  }

  static Endpoint[] of(Target... targets) {
    return Arrays.stream(targets).map(t -> new Endpoint(t, new TargetLoad(), null)).toArray(Endpoint[]::new);
  }

  /** Picks {@code n} times, releasing each pick at once (an idle upstream), and counts the picks per target. */
  static Map<Target, Integer> countIdlePicks(TargetSelector selector, RequestFacts request, int n) {
    Map<Target, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Endpoint e = selector.next(request);
      e.acquire();
      counts.merge(e.target(), 1, Integer::sum);
      e.release();
    }
    return counts;
  }

  /** Picks {@code n} times without releasing any pick (a loaded upstream), and counts the picks per target. */
  static Map<Target, Integer> countLoadedPicks(TargetSelector selector, int n) {
    Map<Target, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Endpoint e = selector.next(TestRequest.NONE);
      e.acquire();
      counts.merge(e.target(), 1, Integer::sum);
    }
    return counts;
  }

  /** The share of {@code n} picks each target got, in the order of {@code targets}. */
  static List<Double> shares(Map<Target, Integer> counts, int n, Target... targets) {
    return Arrays.stream(targets).map(t -> counts.getOrDefault(t, 0) / (double) n).toList();
  }
}
