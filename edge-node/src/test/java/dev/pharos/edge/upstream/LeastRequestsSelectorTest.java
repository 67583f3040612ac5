package dev.pharos.edge.upstream;

import dev.pharos.model.Target;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LeastRequestsSelectorTest {

  private static final int PICKS = 100_000;
  private static final Target A = new Target("a.internal", 80, 3);
  private static final Target B = new Target("b.internal", 80, 1);
  private static final Target C = new Target("c.internal", 80, 1);

  @Test
  void followsTheWeightsWhenIdle() {
    TargetSelector selector = new LeastRequestsSelector(Endpoints.of(A, B, C));

    Map<Target, Integer> counts = Endpoints.countIdlePicks(selector, TestRequest.NONE, PICKS);

    assertThat(Endpoints.shares(counts, PICKS, A, B, C))
      .satisfiesExactly(a -> assertThat(a).isCloseTo(0.6, within(0.02)),
        b -> assertThat(b).isCloseTo(0.2, within(0.02)),
        c -> assertThat(c).isCloseTo(0.2, within(0.02)));
  }

  @Test
  void followsTheWeightsUnderLoad() {
    TargetSelector selector = new LeastRequestsSelector(Endpoints.of(A, B, C));

    Map<Target, Integer> counts = Endpoints.countLoadedPicks(selector, PICKS);

    // In flight ÷ weight stays level, so the loads differ by at most one request per unit of weight.
    assertThat(counts.get(A)).isCloseTo(PICKS * 3 / 5, within(3));
    assertThat(counts.get(B)).isCloseTo(PICKS / 5, within(1));
    assertThat(counts.get(C)).isCloseTo(PICKS / 5, within(1));
  }

  @Test
  void prefersTheIdleTargetWhileAnotherHasARequestInFlight() {
    Target a = Target.of("a.internal", 80);
    Target b = Target.of("b.internal", 80);
    Endpoint[] endpoints = Endpoints.of(a, b);
    endpoints[0].acquire();
    TargetSelector selector = new LeastRequestsSelector(endpoints);

    Map<Target, Integer> counts = Endpoints.countIdlePicks(selector, TestRequest.NONE, 1_000);

    assertThat(counts).containsOnlyKeys(b);
  }

  @Test
  void weighsInFlightRequestsByWeight() {
    Endpoint[] endpoints = Endpoints.of(new Target("heavy.internal", 80, 4), Target.of("light.internal", 80));
    TargetSelector selector = new LeastRequestsSelector(endpoints);
    for (int i = 0; i < 3; i++) {
      endpoints[0].acquire();
    }
    endpoints[1].acquire();

    // 3 ÷ 4 in flight beats 1 ÷ 1.
    assertThat(selector.next(TestRequest.NONE)).isSameAs(endpoints[0]);
  }

  @Test
  void returnsNullWithoutTargets() {
    assertThat(new LeastRequestsSelector(Endpoints.of()).next(TestRequest.NONE)).isNull();
  }
}
