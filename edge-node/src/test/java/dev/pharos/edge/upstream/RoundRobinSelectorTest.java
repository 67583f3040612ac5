package dev.pharos.edge.upstream;

import dev.pharos.model.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

class RoundRobinSelectorTest {

  private static final Target A = new Target("a.internal", 8080, 5);
  private static final Target B = new Target("b.internal", 8080, 1);
  private static final Target C = new Target("c.internal", 8080, 1);

  @Test
  void interleavesPicksLikeNginx() {
    TargetSelector selector = new RoundRobinSelector(Endpoints.of(A, B, C));

    assertThat(picks(selector, 14)).containsExactly(A, A, B, A, C, A, A, A, A, B, A, C, A, A);
  }

  @Test
  void splitsThreeToOneExactly() {
    Target a = new Target("a.internal", 80, 3);
    Target b = new Target("b.internal", 80, 1);
    TargetSelector selector = new RoundRobinSelector(Endpoints.of(a, b));

    List<Target> picks = picks(selector, 400);

    assertThat(picks.subList(0, 8)).containsExactly(a, a, b, a, a, a, b, a);
    assertThat(picks).filteredOn(a::equals).hasSize(300);
    assertThat(picks).filteredOn(b::equals).hasSize(100);
  }

  @Test
  void neverPicksTheHeavierOfTwoToOneThreeTimesInARow() {
    Target a = new Target("a.internal", 80, 2);
    Target b = new Target("b.internal", 80, 1);
    TargetSelector selector = new RoundRobinSelector(Endpoints.of(a, b));

    List<Target> picks = picks(selector, 300);

    assertThat(picks.subList(0, 6)).containsExactly(a, b, a, a, b, a);
    for (int i = 2; i < picks.size(); i++) {
      assertThat(picks.subList(i - 2, i + 1)).as("picks %d..%d", i - 2, i).containsAnyOf(b);
    }
  }

  @Test
  void returnsNullWithoutTargets() {
    assertThat(new RoundRobinSelector(Endpoints.of()).next(TestRequest.NONE)).isNull();
  }

  @Test
  void returnsTheOnlyTargetEveryTime() {
    TargetSelector selector = new RoundRobinSelector(Endpoints.of(A));

    assertThat(picks(selector, 3)).containsExactly(A, A, A);
  }

  @Test
  void keepsExactTotalsUnderConcurrentPicks() throws Exception {
    TargetSelector selector = new RoundRobinSelector(Endpoints.of(A, B, C));
    int threads = 4;
    int picksPerThread = 7 * 5_000;
    Map<Target, LongAdder> counts = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < picksPerThread; i++) {
            counts.computeIfAbsent(selector.next(TestRequest.NONE).target(), k -> new LongAdder()).increment();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    int rounds = threads * picksPerThread / 7;
    assertThat(counts.get(A).sum()).isEqualTo(5L * rounds);
    assertThat(counts.get(B).sum()).isEqualTo(rounds);
    assertThat(counts.get(C).sum()).isEqualTo(rounds);
  }

  private static List<Target> picks(TargetSelector selector, int n) {
    List<Target> picks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      picks.add(selector.next(TestRequest.NONE).target());
    }
    return picks;
  }
}
