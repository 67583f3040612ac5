package dev.pharos.edge.upstream;

import dev.pharos.model.HashOn;
import dev.pharos.model.HealthCheck;
import dev.pharos.model.LoadBalancing;
import dev.pharos.model.StickySession;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class HealthyTargetsTest {

  private static final Target A = Target.of("10.0.0.1", 80);
  private static final Target B = Target.of("10.0.0.2", 80);
  private static final Target C = Target.of("10.0.0.3", 80);
  private static final Target D = Target.of("10.0.0.4", 80);
  private static final HealthCheck CHECK = HealthCheck.of("/", 1000);

  @ParameterizedTest
  @EnumSource(LoadBalancing.class)
  void unhealthyTargetsGetNoTrafficUntilTheyRecover(LoadBalancing policy) {
    Balancers balancers = new Balancers(StickyKey.random());
    TargetSelector selector = balancers.compile(upstream(policy, A, B, C)).targets();

    balancers.health().markUnhealthy(B.address());
    Map<Target, Integer> whileDown = picksOverManyKeys(selector);
    balancers.health().markHealthy(B.address());
    Map<Target, Integer> afterRecovery = picksOverManyKeys(selector);

    assertThat(whileDown).containsOnlyKeys(A, C);
    assertThat(afterRecovery).containsOnlyKeys(A, B, C);
  }

  @ParameterizedTest
  @EnumSource(LoadBalancing.class)
  void aPanickingUpstreamSendsTrafficToEveryTarget(LoadBalancing policy) {
    Balancers balancers = new Balancers(StickyKey.random());
    TargetSelector selector = balancers.compile(upstream(policy, A, B, C)).targets();

    balancers.health().markUnhealthy(A.address());
    balancers.health().markUnhealthy(B.address());

    assertThat(picksOverManyKeys(selector)).containsOnlyKeys(A, B, C);
  }

  @Test
  void thePanicThresholdIsTheUpstreams() {
    Balancers balancers = new Balancers(StickyKey.random());
    Upstream upstream = upstream(LoadBalancing.ROUND_ROBIN, A, B, C)
      .withHealthCheck(CHECK.withPanicThresholdPercent(70));
    TargetSelector selector = balancers.compile(upstream).targets();

    balancers.health().markUnhealthy(A.address());
    balancers.health().markUnhealthy(B.address());

    assertThat(picksOverManyKeys(selector)).containsOnlyKeys(C);
  }

  @Test
  void keysOfAnUnhealthyTargetMoveToTheSameLiveTargetOnEveryNodeAndOtherKeysStay() {
    Balancers nodeOne = new Balancers(StickyKey.random());
    Balancers nodeTwo = new Balancers(StickyKey.random());
    TargetSelector one = nodeOne.compile(upstream(LoadBalancing.CONSISTENT_HASH, A, B, C, D)).targets();
    TargetSelector two = nodeTwo.compile(upstream(LoadBalancing.CONSISTENT_HASH, D, C, B, A)).targets();
    List<TestRequest> keys = IntStream.range(0, 2000).mapToObj(i -> TestRequest.fromIp("192.0.2." + i)).toList();
    List<Target> before = keys.stream().map(k -> one.next(k).target()).toList();

    nodeOne.health().markUnhealthy(B.address());
    nodeTwo.health().markUnhealthy(B.address());
    List<Target> afterOne = keys.stream().map(k -> one.next(k).target()).toList();
    List<Target> afterTwo = keys.stream().map(k -> two.next(k).target()).toList();

    assertThat(afterOne).isEqualTo(afterTwo).doesNotContain(B);
    long movedOthers = IntStream.range(0, keys.size())
      .filter(i -> !before.get(i).equals(B) && !before.get(i).equals(afterOne.get(i))).count();
    assertThat(movedOthers).isLessThan(keys.size() / 100);
  }

  @Test
  void aCookiePinningAnUnhealthyTargetIsIgnored() {
    Balancers balancers = new Balancers(StickyKey.random());
    UpstreamBalancing balancing = balancers.compile(upstream(LoadBalancing.ROUND_ROBIN, A, B, C)
      .withStickySession(StickySession.of("S", 60)));
    Endpoint b = IntStream.range(0, 3).mapToObj(i -> balancing.targets().next(TestRequest.NONE))
      .filter(e -> e.target().equals(B)).findFirst().orElseThrow();
    String cookie = balancing.sticky().setCookie(b);
    TestRequest pinnedToB = TestRequest.withCookie("S", cookie.substring(2, cookie.indexOf(';')));

    assertThat(balancing.sticky().pinned(pinnedToB)).isSameAs(b);
    balancers.health().markUnhealthy(B.address());
    assertThat(balancing.sticky().pinned(pinnedToB)).isNull();
  }

  /** Picks with a different client address each time, so that consistent hashing spreads too. */
  private static Map<Target, Integer> picksOverManyKeys(TargetSelector selector) {
    Map<Target, Integer> counts = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      Endpoint e = selector.next(TestRequest.fromIp("198.51.100." + i));
      counts.merge(e.target(), 1, Integer::sum);
    }
    return counts;
  }

  private static Upstream upstream(LoadBalancing policy, Target... targets) {
    HashOn hashOn = policy == LoadBalancing.CONSISTENT_HASH ? HashOn.IP : null;
    return new Upstream("pool", List.of(targets), policy, hashOn, null, CHECK);
  }
}
