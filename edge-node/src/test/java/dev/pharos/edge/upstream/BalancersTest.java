package dev.pharos.edge.upstream;

import dev.pharos.model.HashOn;
import dev.pharos.model.LoadBalancing;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BalancersTest {

  private static final Target A = Target.of("10.0.0.1", 80);
  private static final Target B = Target.of("10.0.0.2", 80);
  private static final Target DRAINED = new Target("10.0.0.3", 80, 0);

  @ParameterizedTest
  @EnumSource(LoadBalancing.class)
  void targetsWithWeightZeroGetNoTraffic(LoadBalancing policy) {
    TargetSelector selector = new Balancers(StickyKey.random()).compile(upstream(policy, DRAINED, A, B)).targets();

    Map<Target, Integer> byIp = Endpoints.countIdlePicks(selector, TestRequest.fromIp("192.0.2.1"), 100);
    Map<Target, Integer> keyless = Endpoints.countIdlePicks(selector, TestRequest.NONE, 100);

    assertThat(byIp).doesNotContainKey(DRAINED);
    assertThat(keyless).doesNotContainKey(DRAINED);
  }

  @ParameterizedTest
  @EnumSource(LoadBalancing.class)
  void anUpstreamWithoutUsableTargetsHasNoChoice(LoadBalancing policy) {
    Balancers balancers = new Balancers(StickyKey.random());

    assertThat(balancers.compile(upstream(policy, DRAINED)).targets().next(TestRequest.fromIp("192.0.2.1"))).isNull();
    assertThat(balancers.compile(upstream(policy)).targets().next(TestRequest.NONE)).isNull();
  }

  @Test
  void inFlightCountsOutliveTheTableAndSpanUpstreams() {
    Balancers balancers = new Balancers(StickyKey.random());
    Endpoint old = balancers.compile(Upstream.of("web", A)).targets().next(TestRequest.NONE);
    old.acquire();

    Endpoint recompiled = balancers.compile(Upstream.of("web", A, B)).targets().next(TestRequest.NONE);
    Endpoint otherUpstream = balancers.compile(Upstream.of("api", A)).targets().next(TestRequest.NONE);

    assertThat(recompiled.inFlight()).isEqualTo(1);
    assertThat(otherUpstream.inFlight()).isEqualTo(1);
    assertThat(balancers.inFlight(A.address())).isEqualTo(1);
    old.release();
    assertThat(balancers.inFlight(A.address())).isZero();
  }

  @Test
  void forgetsIdleAddressesNoLongerConfigured() {
    Balancers balancers = new Balancers(StickyKey.random());
    Endpoint a = balancers.compile(Upstream.of("web", A)).targets().next(TestRequest.NONE);
    Endpoint b = balancers.compile(Upstream.of("api", B)).targets().next(TestRequest.NONE);
    a.acquire();
    b.acquire();
    b.release();

    balancers.retainOnly(List.of());
    Endpoint freshA = balancers.compile(Upstream.of("web", A)).targets().next(TestRequest.NONE);

    assertThat(freshA.inFlight()).as("busy counter kept").isEqualTo(1);
    assertThat(balancers.inFlight(B.address())).isZero();
  }

  private static Upstream upstream(LoadBalancing policy, Target... targets) {
    HashOn hashOn = policy == LoadBalancing.CONSISTENT_HASH ? HashOn.IP : null;
    return new Upstream("pool", List.of(targets), policy, hashOn, null, null);
  }
}
