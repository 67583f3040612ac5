package dev.pharos.edge.upstream;

import dev.pharos.model.Target;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RandomTwoSelectorTest {

  private static final int PICKS = 100_000;
  private static final Target A = new Target("a.internal", 80, 3);
  private static final Target B = new Target("b.internal", 80, 1);
  private static final Target C = new Target("c.internal", 80, 1);

  @Test
  void followsTheWeightsWhenIdle() {
    TargetSelector selector = new RandomTwoSelector(Endpoints.of(A, B, C));

    Map<Target, Integer> counts = Endpoints.countIdlePicks(selector, TestRequest.NONE, PICKS);

    assertThat(Endpoints.shares(counts, PICKS, A, B, C))
      .satisfiesExactly(a -> assertThat(a).isCloseTo(0.6, within(0.02)),
        b -> assertThat(b).isCloseTo(0.2, within(0.02)),
        c -> assertThat(c).isCloseTo(0.2, within(0.02)));
  }

  @Test
  void followsTheWeightsUnderLoad() {
    TargetSelector selector = new RandomTwoSelector(Endpoints.of(A, B, C));

    Map<Target, Integer> counts = Endpoints.countLoadedPicks(selector, PICKS);

    assertThat(Endpoints.shares(counts, PICKS, A, B, C))
      .satisfiesExactly(a -> assertThat(a).isCloseTo(0.6, within(0.02)),
        b -> assertThat(b).isCloseTo(0.2, within(0.02)),
        c -> assertThat(c).isCloseTo(0.2, within(0.02)));
  }

  @Test
  void keepsEqualTargetsLevelUnderLoad() {
    Endpoint[] endpoints = Endpoints.of(Target.of("a.internal", 80), Target.of("b.internal", 80),
      Target.of("c.internal", 80), Target.of("d.internal", 80), Target.of("e.internal", 80));

    Endpoints.countLoadedPicks(new RandomTwoSelector(endpoints), PICKS);

    int[] loads = Arrays.stream(endpoints).mapToInt(Endpoint::inFlight).toArray();
    // Two choices keep the spread a small constant however many picks (6 was seen once); one random choice would leave
    // it in the hundreds after this many.
    assertThat(Arrays.stream(loads).max().getAsInt() - Arrays.stream(loads).min().getAsInt())
      .as("spread of %s", Arrays.toString(loads)).isLessThanOrEqualTo(10);
  }

  @Test
  void avoidsABusyTarget() {
    Target busy = Target.of("busy.internal", 80);
    Endpoint[] endpoints = Endpoints.of(busy, Target.of("b.internal", 80), Target.of("c.internal", 80),
      Target.of("d.internal", 80));
    for (int i = 0; i < 10; i++) {
      endpoints[0].acquire();
    }
    TargetSelector selector = new RandomTwoSelector(endpoints);

    Map<Target, Integer> counts = Endpoints.countIdlePicks(selector, TestRequest.NONE, 10_000);

    // Two distinct draws always include an idle target, which wins.
    assertThat(counts).doesNotContainKey(busy).hasSize(3);
  }

  @Test
  void returnsTheOnlyTargetOrNull() {
    Endpoint[] one = Endpoints.of(A);

    assertThat(new RandomTwoSelector(one).next(TestRequest.NONE)).isSameAs(one[0]);
    assertThat(new RandomTwoSelector(Endpoints.of()).next(TestRequest.NONE)).isNull();
  }
}
