package dev.pharos.edge.health;

import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HealthCheck;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProbePlanTest {

  private static final Target A = Target.of("10.0.0.1", 80);
  private static final Target B = Target.of("10.0.0.2", 80);
  private static final Target DRAINED = new Target("10.0.0.3", 80, 0);

  @Test
  void probesEachCheckedAddressOnceAsTheFirstUpstreamByIdSays() {
    HealthCheck fast = HealthCheck.of("/fast", 100);
    HealthCheck slow = HealthCheck.of("/slow", 10_000);
    ConfigSnapshot snapshot = ConfigSnapshot.of(1, List.of(), List.of(
      Upstream.of("b-slow", A, B).withHealthCheck(slow),
      Upstream.of("a-fast", A, DRAINED).withHealthCheck(fast),
      Upstream.of("unchecked", Target.of("10.0.0.4", 80))));

    ProbePlan plan = ProbePlan.of(snapshot);

    assertThat(plan.targets()).containsOnlyKeys(A.address(), B.address());
    assertThat(plan.targets().get(A.address()).check()).isEqualTo(fast);
    assertThat(plan.targets().get(B.address()).check()).isEqualTo(slow);
  }
}
