package dev.pharos.edge.ratelimit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The error bound of shared-mode limits, on the real bucket code in simulated time: 3 nodes, 100 ms sync interval,
 * staggered syncs, 2 ms round trips. Over T seconds the cluster admits at most burst + rate * T, and in any 1 s window
 * at most burst + rate * (1 s + one sync interval), where burst is the owner's bucket ({@link LocalKey#ownerBurst}),
 * never more than the rule's burst plus one sync interval's refill.
 */
class LeaseMathTest {

  private static final long INTERVAL = 100;
  private static final long SECONDS = 10;

  @ParameterizedTest(name = "{0}x the limit of {1}/s, burst {2}, jitter {3}")
  @CsvSource({"2, 100, 100, false", "5, 100, 100, false", "20, 100, 100, false", "5, 100, 100, true",
    "5, 1000, 50, true", "5, 10, 10, true", "20, 3, 5, true"})
  void clusterAdmitsTheLimitWithinTheBoundWhenTrafficIsSpreadEvenly(int overload, int perSecond, int burst,
                                                                    boolean jitter) {
    BucketLimit limit = new BucketLimit(perSecond / 1000.0, burst);
    double perNode = overload * perSecond / 1000.0 / 3;
    long[] admitted = new LeaseSimulation(limit, 3, INTERVAL, 2, 42, 10_000_000)
      .run(new double[] {perNode, perNode, perNode}, SECONDS * 1000, jitter);

    double bucket = LocalKey.ownerBurst(limit, INTERVAL);
    double ideal = bucket + perSecond * SECONDS;
    System.out.printf("%dx %d/s burst %d jitter %s: admitted %d of ideal %.0f (%.1f%%), max in 1 s %d%n", overload,
      perSecond, burst, jitter, admitted.length, ideal, 100.0 * admitted.length / ideal,
      LeaseSimulation.maxInWindow(admitted, 1000, INTERVAL));
    assertThat((double) admitted.length).isLessThanOrEqualTo(ideal);
    assertThat((double) admitted.length).isGreaterThanOrEqualTo(0.9 * perSecond * SECONDS);
    assertThat((double) LeaseSimulation.maxInWindow(admitted, 1000, 2 * INTERVAL))
      .isLessThanOrEqualTo(bucket + perSecond * (1000 + INTERVAL) / 1000.0);
  }

  /**
   * The bound the cluster promises whatever the burst: over any window of T seconds at most burst + rate * (T + one
   * sync interval). Rules whose burst is under one interval's refill are the hard case: tokens are handed out only at
   * syncs, so the owner's bucket must hold more than the rule's burst.
   */
  @ParameterizedTest(name = "{0}x the limit of {1}/s, burst {2}, jitter {3}")
  @CsvSource({"2, 100, 1, false", "5, 100, 1, false", "20, 100, 1, false", "5, 100, 1, true", "20, 100, 1, true",
    "2, 1000, 50, true", "5, 1000, 50, true", "20, 1000, 50, true", "5, 100, 15, true", "5, 100, 100, true"})
  void clusterNeverAdmitsMoreThanOneSyncIntervalBeyondTheBurst(int overload, int perSecond, int burst,
                                                                boolean jitter) {
    BucketLimit limit = new BucketLimit(perSecond / 1000.0, burst);
    double perNode = overload * perSecond / 1000.0 / 3;
    long[] admitted = new LeaseSimulation(limit, 3, INTERVAL, 2, 42, 10_000_000)
      .run(new double[] {perNode, perNode, perNode}, SECONDS * 1000, jitter);

    double oneInterval = perSecond * INTERVAL / 1000.0;
    double bound = burst + oneInterval + perSecond * SECONDS;
    int maxInSecond = LeaseSimulation.maxInWindow(admitted, 1000, 0);
    int maxInTwoSeconds = LeaseSimulation.maxInWindow(admitted, 2000, 0);
    System.out.printf("%dx %d/s burst %d jitter %s: admitted %d, bound %.0f (%.1f%% of rate * T), max in 1 s %d "
        + "(bound %.0f), max in 2 s %d%n", overload, perSecond, burst, jitter, admitted.length, bound,
      100.0 * admitted.length / (perSecond * SECONDS), maxInSecond, burst + oneInterval + perSecond, maxInTwoSeconds);
    assertThat((double) admitted.length).isLessThanOrEqualTo(bound);
    assertThat((double) maxInSecond).isLessThanOrEqualTo(burst + oneInterval + perSecond);
    assertThat((double) maxInTwoSeconds).isLessThanOrEqualTo(burst + oneInterval + 2 * perSecond);
    assertThat((double) admitted.length).isGreaterThanOrEqualTo(0.9 * perSecond * SECONDS);
  }

  /**
   * The hard case for the bound: leases are topped up by a trickle, the key then goes quiet while the leases stay
   * valid and the bucket refills, and a burst spends the leases and everything the owner grants after. Repeated every
   * second.
   */
  @ParameterizedTest(name = "bursts at {0}x the limit of {1}/s, burst {2}")
  @CsvSource({"5, 100, 1", "20, 100, 1", "20, 1000, 50", "20, 100, 15", "20, 100, 100"})
  void quietKeysThatBurstStayWithinOneSyncIntervalBeyondTheBurst(int overload, int perSecond, int burst) {
    BucketLimit limit = new BucketLimit(perSecond / 1000.0, burst);
    double[] trickle = {0.01, 0.01, 0.01};
    double[] quiet = {0, 0, 0};
    double perNode = overload * perSecond / 1000.0 / 3;
    double[] busy = {perNode, perNode, perNode};
    long[] admitted = new LeaseSimulation(limit, 3, INTERVAL, 2, 11, 10_000_000)
      .run(t -> t % 1000 < 300 ? trickle : t % 1000 < 700 ? quiet : busy, SECONDS * 1000, true);

    double oneInterval = perSecond * INTERVAL / 1000.0;
    int maxInSecond = LeaseSimulation.maxInWindow(admitted, 1000, 0);
    int maxInBurst = LeaseSimulation.maxInWindow(admitted, 300, 0);
    System.out.printf("bursts at %dx %d/s burst %d: admitted %d (bound %.0f), max in 1 s %d (bound %.0f), "
        + "max in 300 ms %d (bound %.0f)%n", overload, perSecond, burst, admitted.length,
      burst + oneInterval + perSecond * SECONDS, maxInSecond, burst + oneInterval + perSecond, maxInBurst,
      burst + oneInterval + 0.3 * perSecond);
    assertThat((double) admitted.length).isLessThanOrEqualTo(burst + oneInterval + perSecond * SECONDS);
    assertThat((double) maxInSecond).isLessThanOrEqualTo(burst + oneInterval + perSecond);
    assertThat((double) maxInBurst).isLessThanOrEqualTo(burst + oneInterval + 0.3 * perSecond);
  }

  @ParameterizedTest(name = "burst {0}")
  @CsvSource({"100", "15", "1"})
  void oneBusyNodeGetsTheWholeLimitAndIdleOnesHoldNothing(int burst) {
    BucketLimit limit = new BucketLimit(0.1, burst);
    long[] admitted = new LeaseSimulation(limit, 3, INTERVAL, 2, 7, 1_000_000)
      .run(new double[] {0.5, 0, 0}, SECONDS * 1000, false);
    System.out.printf("one node at 5x, burst %d: admitted %d of %d%n", burst, admitted.length, 100 * SECONDS);
    assertThat(admitted.length).isBetween((int) (0.9 * 100 * SECONDS), (int) (burst + 10 + 100 * SECONDS));
  }

  @Test
  void unevenTrafficStillAdmitsAboutTheLimit() {
    BucketLimit limit = new BucketLimit(0.1, 100);
    long[] admitted = new LeaseSimulation(limit, 3, INTERVAL, 2, 9, 1_000_000)
      .run(new double[] {0.4, 0.09, 0.01}, SECONDS * 1000, true);
    System.out.printf("uneven 4:0.9:0.1 at 5x: admitted %d of %d%n", admitted.length, 100 + 100 * SECONDS);
    assertThat(admitted.length).isBetween((int) (0.9 * 100 * SECONDS), (int) (100 + 100 * SECONDS + 100));
  }

  @Test
  void overdraftIsChargedAsDebtAndRepaidBeforeAnyGrant() {
    OwnerBucket owner = new OwnerBucket(10, 0);
    Lease first = owner.lease(new LeaseRequest(1, 0, 15, false, 0.001, 10, 1, 0, 0), 0, 2000);
    assertThat(first.free()).isEqualTo(-5);
    assertThat(first.held()).isZero();
    // 5 tokens of debt take 5 s at 1 per second to repay; only then is a token granted.
    assertThat(owner.lease(new LeaseRequest(1, 0, 0, false, 0.001, 10, 1, 0, 0), 5_000, 2000).held()).isZero();
    assertThat(owner.lease(new LeaseRequest(1, 0, 0, false, 0.001, 10, 1, 0, 0), 6_000, 2000).held()).isEqualTo(1);
  }

  @Test
  void theFirstNodeToAskGetsOnlyItsShareOfTheMembersItSees() {
    OwnerBucket owner = new OwnerBucket(90, 0);
    assertThat(owner.lease(new LeaseRequest(1, 0, 0, false, 0, 90, 3, 0, 0), 0, 2000).held()).isEqualTo(30);
    assertThat(owner.lease(new LeaseRequest(2, 0, 0, false, 0, 90, 3, 0, 0), 0, 2000).held()).isEqualTo(30);
    assertThat(owner.lease(new LeaseRequest(3, 0, 0, false, 0, 90, 3, 0, 0), 0, 2000).held()).isEqualTo(30);
    assertThat(owner.free()).isZero();
  }

  @Test
  void aLeaseAboveTheFairShareIsCutBackAtTheNodesNextSync() {
    OwnerBucket owner = new OwnerBucket(90, 0);
    assertThat(owner.lease(new LeaseRequest(1, 0, 0, false, 0, 90, 1, 0, 0), 0, 2000).held()).isEqualTo(90);
    assertThat(owner.lease(new LeaseRequest(2, 0, 0, false, 0, 90, 1, 0, 0), 0, 2000).held()).isZero();
    // Node 1 spent 30 and is cut back to half of the 60 left; node 2 then gets the other half.
    assertThat(owner.lease(new LeaseRequest(1, 30, 0, false, 0, 90, 1, 0, 0), 1, 2000).held()).isEqualTo(30);
    assertThat(owner.lease(new LeaseRequest(2, 0, 0, false, 0, 90, 1, 0, 0), 2, 2000).held()).isEqualTo(30);
    assertThat(owner.total()).isEqualTo(60);
  }

  @Test
  void aLeaseCountsAgainstTheCapUntilTheMomentItRanOutAndNoLonger() {
    // Node 1 takes the whole bucket of 10; 500 ms later (5 tokens of refill) it reports it spent all 10.
    OwnerBucket notSaid = new OwnerBucket(10, 0);
    notSaid.lease(new LeaseRequest(1, 0, 0, false, 0.01, 10, 1, 0, 0), 0, 2000);
    assertThat(notSaid.lease(new LeaseRequest(1, 10, 0, false, 0.01, 10, 1, 0, 0), 500, 2000).total()).isZero();
    // Its lease ran out 300 ms before the report: the refill of those 300 ms is kept, the 200 ms before are capped.
    OwnerBucket said = new OwnerBucket(10, 0);
    said.lease(new LeaseRequest(1, 0, 0, false, 0.01, 10, 1, 0, 0), 0, 2000);
    Lease lease = said.lease(new LeaseRequest(1, 10, 0, false, 0.01, 10, 1, 0, 300), 500, 2000);
    assertThat(lease.total()).isCloseTo(3, within(1e-9));
    assertThat(lease.held()).isEqualTo(3);
  }

  @Test
  void leasesAreWholeTokens() {
    OwnerBucket owner = new OwnerBucket(10, 0);
    assertThat(owner.lease(new LeaseRequest(1, 0, 0, false, 0, 10, 3, 0, 0), 0, 2000).held()).isEqualTo(4);
    assertThat(owner.lease(new LeaseRequest(2, 0, 0, false, 0, 10, 3, 0, 0), 0, 2000).held()).isEqualTo(4);
    assertThat(owner.lease(new LeaseRequest(3, 0, 0, false, 0, 10, 3, 0, 0), 0, 2000).held()).isEqualTo(2);
    // Half a token free and a fraction held: nothing is granted that could not admit a request.
    OwnerBucket fractions = new OwnerBucket(0.5, 0);
    assertThat(fractions.lease(new LeaseRequest(1, 0, 0, false, 0, 0.5, 1, 0, 0), 0, 2000).held()).isZero();
  }

  @Test
  void aNodeThatSpentBeyondACutIsChargedAtItsNextReport() {
    OwnerBucket owner = new OwnerBucket(10, 0);
    owner.lease(new LeaseRequest(1, 0, 0, false, 0, 10, 1, 0, 0), 0, 2000);
    owner.lease(new LeaseRequest(2, 0, 0, false, 0, 10, 1, 0, 0), 0, 2000);
    owner.lease(new LeaseRequest(1, 0, 0, false, 0, 10, 1, 0, 0), 1, 2000);
    // Node 1 was cut to 5 but had spent 8 of its 10 before the answer arrived.
    owner.lease(new LeaseRequest(1, 8, 0, false, 0, 10, 1, 0, 0), 2, 2000);
    assertThat(owner.total()).isEqualTo(2);
  }

  @Test
  void releaseAndSilenceHandLeasesBack() {
    OwnerBucket owner = new OwnerBucket(100, 0);
    owner.lease(new LeaseRequest(1, 0, 0, false, 0, 100, 1, 0, 0), 0, 2000);
    owner.lease(new LeaseRequest(2, 0, 0, false, 0, 100, 1, 0, 0), 0, 2000);
    assertThat(owner.free()).isZero();
    Lease released = owner.lease(new LeaseRequest(1, 10, 0, true, 0, 100, 1, 0, 0), 10, 2000);
    assertThat(released.held()).isZero();
    assertThat(owner.activeNodes()).isEqualTo(1);
    assertThat(owner.free()).isEqualTo(90);
    // Node 2 goes silent; after the active window its lease returns to the bucket when anyone syncs.
    Lease later = owner.lease(new LeaseRequest(3, 0, 0, false, 0, 100, 1, 0, 0), 2_011, 2000);
    assertThat(owner.activeNodes()).isEqualTo(1);
    assertThat(later.held()).isEqualTo(90);
  }

  @Test
  void aLapsedLeaseIsRenewedFirstAndTheLocalShareServesOnlyWhenTheOwnerCannotBeReached() {
    BucketLimit limit = new BucketLimit(0.001, 10);
    BucketLimit local = limit.scaled(1.0 / 3);
    LocalKey key = new LocalKey(false, limit, local, 0);
    assertThat(key.tryAcquire(0, limit)).isEqualTo(LocalKey.Outcome.NEEDS_LEASE);
    key.report(1, 1.0, 100, 3, false, 0);
    key.leased(new Lease(2, 0, 2), 0, 1000);
    assertThat(key.tryAcquireAfterReport(0, local)).isTrue();
    assertThat(key.tryAcquire(999, limit)).isEqualTo(LocalKey.Outcome.ADMITTED);
    assertThat(key.tryAcquire(999, limit)).isEqualTo(LocalKey.Outcome.REFUSED);
    // Lapsed, and the owner does not answer: the local share (3.33 tokens, full) admits 3.
    assertThat(key.tryAcquire(1000, limit)).isEqualTo(LocalKey.Outcome.NEEDS_LEASE);
    key.report(1, 1.0, 100, 3, false, 1000);
    key.reportFailed();
    for (int i = 0; i < 3; i++) {
      assertThat(key.tryAcquireAfterReport(1000, local)).isTrue();
    }
    assertThat(key.tryAcquireAfterReport(1000, local)).isFalse();
    LeaseRequest next = key.report(1, 1.0, 100, 3, false, 1000);
    assertThat(next.consumed()).isEqualTo(2);
    assertThat(next.overdraft()).isEqualTo(3);
  }

  @Test
  void aFailedReportIsSentAgainAndOnlyOneIsInFlight() {
    BucketLimit limit = new BucketLimit(0.001, 10);
    LocalKey key = new LocalKey(false, limit, limit, 0);
    key.tryAcquireLocal(0, limit);
    assertThat(key.report(1, 1.0, 100, 3, false, 0)).isNotNull();
    assertThat(key.report(1, 1.0, 100, 3, false, 0)).isNull();
    key.tryAcquireLocal(1, limit);
    key.reportFailed();
    assertThat(key.reportInFlight()).isNull();
    assertThat(key.report(1, 0.5, 100, 3, false, 1)).satisfies(r -> {
      assertThat(r.overdraft()).isEqualTo(2);
      assertThat(r.burst()).isEqualTo(5);
    });
  }

  @Test
  void windowCountIsTheDensestWindow() {
    long[] times = {0, 10, 20, 1500, 1501, 1502, 1503};
    assertThat(LeaseSimulation.maxInWindow(times, 100, 0)).isEqualTo(4);
    assertThat(LeaseSimulation.maxInWindow(Arrays.copyOf(times, 3), 1000, 5)).isEqualTo(2);
  }
}
