package dev.pharos.edge.upstream;

import dev.pharos.model.HashOn;
import dev.pharos.model.Target;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ConsistentHashSelectorTest {

  private static final Target A = Target.of("10.0.0.1", 80);
  private static final Target B = Target.of("10.0.0.2", 80);
  private static final Target C = Target.of("10.0.0.3", 80);

  @Test
  void sendsEachHeaderValueToOneTarget() {
    TargetSelector selector = selector(HashOn.header("x-user"));

    Set<Target> used = new HashSet<>();
    for (int user = 0; user < 100; user++) {
      TestRequest request = TestRequest.withHeader("x-user", "user-" + user);
      Map<Target, Integer> counts = Endpoints.countIdlePicks(selector, request, 20);
      assertThat(counts).as("user-%d", user).hasSize(1);
      used.addAll(counts.keySet());
    }
    assertThat(used).containsExactlyInAnyOrder(A, B, C);
  }

  @Test
  void hashesTheClientIpOrACookie() {
    TargetSelector byIp = selector(HashOn.IP);
    TargetSelector byCookie = selector(HashOn.cookie("session"));

    assertThat(Endpoints.countIdlePicks(byIp, TestRequest.fromIp("192.0.2.7"), 20)).hasSize(1);
    assertThat(Endpoints.countIdlePicks(byCookie, TestRequest.withCookie("session", "s-1"), 20)).hasSize(1);
  }

  @Test
  void balancesRequestsWithoutTheKeyRoundRobin() {
    TargetSelector selector = selector(HashOn.header("x-user"));

    List<Target> missing = IntStream.range(0, 6)
      .mapToObj(i -> selector.next(TestRequest.withHeader("x-other", "v")).target()).toList();
    List<Target> empty = IntStream.range(0, 6)
      .mapToObj(i -> selector.next(TestRequest.withHeader("x-user", "")).target()).toList();

    assertThat(missing).containsExactly(A, B, C, A, B, C);
    assertThat(empty).containsExactly(A, B, C, A, B, C);
  }

  private static TargetSelector selector(HashOn hashOn) {
    Endpoint[] endpoints = Endpoints.of(A, B, C);
    return new ConsistentHashSelector(MaglevTable.build(endpoints), hashOn, new RoundRobinSelector(endpoints));
  }
}
