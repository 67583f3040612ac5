package dev.pharos.edge.upstream;

import dev.pharos.model.HealthCheck;
import dev.pharos.model.OutlierDetection;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class OutlierDetectorTest {

  private static final Target A = Target.of("10.0.0.1", 80);
  private static final Target B = Target.of("10.0.0.2", 80);
  private static final Target C = Target.of("10.0.0.3", 80);
  private static final OutlierDetection THREE = new OutlierDetection(3, 3, 1_000, 4_000);

  private final List<String> ejected = new ArrayList<>();
  private final TargetHealth health = new TargetHealth();
  private final Balancers balancers = new Balancers(StickyKey.random(), health,
    (address, reason, settings) -> ejected.add(address + " " + reason));

  @Test
  void consecutiveFailuresEjectAndAnAnswerStartsTheCountOver() {
    UpstreamBalancing upstream = balancers.compile(upstream(THREE, A, B, C));
    Endpoint a = endpoint(upstream, A);

    upstream.outliers().failed(a, "Connection refused");
    upstream.outliers().failed(a, "Connection refused");
    upstream.outliers().answered(a, 200);
    upstream.outliers().failed(a, "Connection refused");
    upstream.outliers().failed(a, "timeout");
    assertThat(ejected).isEmpty();
    upstream.outliers().failed(a, "Connection refused");

    assertThat(ejected).containsExactly("10.0.0.1:80 3 failures in a row, last: Connection refused");
  }

  @Test
  void consecutive5xxEjectAndAnotherStatusStartsTheCountOver() {
    UpstreamBalancing upstream = balancers.compile(upstream(THREE, A, B, C));
    Endpoint b = endpoint(upstream, B);

    upstream.outliers().answered(b, 500);
    upstream.outliers().answered(b, 503);
    upstream.outliers().answered(b, 404);
    upstream.outliers().answered(b, 502);
    upstream.outliers().answered(b, 599);
    assertThat(ejected).isEmpty();
    upstream.outliers().answered(b, 503);

    assertThat(ejected).containsExactly("10.0.0.2:80 3 answers 5xx in a row, last: 503");
  }

  @Test
  void aZeroThresholdNeverEjects() {
    UpstreamBalancing upstream = balancers.compile(upstream(new OutlierDetection(0, 0, 1_000, 1_000), A, B, C));
    Endpoint a = endpoint(upstream, A);

    for (int i = 0; i < 50; i++) {
      upstream.outliers().failed(a, "Connection refused");
      upstream.outliers().answered(a, 500);
    }

    assertThat(ejected).isEmpty();
  }

  @Test
  void neverEjectsBeyondThePanicThreshold() {
    UpstreamBalancing upstream = balancers.compile(upstream(THREE, A, B, C));
    health.markUnhealthy(A.address());

    repeat(3, () -> upstream.outliers().failed(endpoint(upstream, B), "Connection refused"));

    assertThat(ejected).as("a second of three targets out is more than 50%").isEmpty();
  }

  @Test
  void anUpstreamWithoutOutlierDetectionHasNoDetector() {
    assertThat(balancers.compile(Upstream.of("plain", A, B)).outliers()).isNull();
  }

  @Test
  void anEjectedTargetGetsNoTrafficUntilItsEjectionEndsOnTheClock() {
    AtomicLong now = new AtomicLong(1_000_000);
    TargetHealth timed = new TargetHealth(now::get);
    TargetSelector selector = new Balancers(StickyKey.random(), timed, (address, reason, settings) -> { })
      .compile(upstream(THREE, A, B, C)).targets();

    timed.eject(B.address(), now.get() + 500);
    assertThat(picks(selector)).doesNotContain(B);
    now.addAndGet(499);
    assertThat(picks(selector)).doesNotContain(B);
    now.addAndGet(1);

    assertThat(picks(selector)).contains(A, B, C);
    assertThat(timed.isEjected(B.address())).isFalse();
  }

  @Test
  void anEjectionEndsButAFailedProbeStillKeepsTheTargetOut() {
    AtomicLong now = new AtomicLong(1_000_000);
    TargetHealth timed = new TargetHealth(now::get);
    TargetSelector selector = new Balancers(StickyKey.random(), timed, (address, reason, settings) -> { })
      .compile(upstream(THREE, A, B, C)).targets();

    timed.eject(B.address(), now.get() + 500);
    timed.markUnhealthy(B.address());
    now.addAndGet(500);
    assertThat(picks(selector)).doesNotContain(B);
    timed.markHealthy(B.address());

    assertThat(picks(selector)).contains(B);
  }

  @Test
  void aNodeAloneEjectsFromItsOwnView() {
    Balancers alone = new Balancers(StickyKey.random());
    UpstreamBalancing upstream = alone.compile(upstream(new OutlierDetection(1, 1, 60_000, 600_000), A, B, C));

    upstream.outliers().failed(endpoint(upstream, C), "Connection refused");

    assertThat(alone.health().isEjected(C.address())).isTrue();
    assertThat(picks(upstream.targets())).containsOnly(A, B);
  }

  private static List<Target> picks(TargetSelector selector) {
    List<Target> picked = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      picked.add(selector.next(TestRequest.NONE).target());
    }
    return picked;
  }

  private static Endpoint endpoint(UpstreamBalancing upstream, Target target) {
    for (int i = 0; i < 10; i++) {
      Endpoint e = upstream.targets().next(TestRequest.NONE);
      if (e.target().equals(target)) {
        return e;
      }
    }
    throw new AssertionError("no endpoint for " + target);
  }

  private static void repeat(int times, Runnable action) {
    for (int i = 0; i < times; i++) {
      action.run();
    }
  }

  private static Upstream upstream(OutlierDetection outliers, Target... targets) {
    return Upstream.of("pool", targets).withHealthCheck(HealthCheck.of("/", 1_000)).withOutlierDetection(outliers);
  }
}
