package dev.pharos.edge.upstream;

import dev.pharos.model.HashOn;
import dev.pharos.model.HealthCheck;
import dev.pharos.model.LoadBalancing;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time of the balancing step, one {@link TargetSelector#next} of a compiled upstream, for each policy at 3 and at
 * 1,000 targets, as a request pays it: through the health filter, with every target healthy, or with one in ten
 * unhealthy ({@code -p unhealthyPercent=10}). Run it with {@code loadtest/balancing-bench.sh}.
 *
 * <p>Targets have weights 1 to 3 in turn. Requests cycle over 4,096 client addresses, which consistent hashing keys
 * on. The numbers cover choosing only, on one thread with no request in flight: not the in-flight counting around the
 * exchange, nor contention between event loops on round-robin's shared state.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BalancingBenchmark {

  private static final int REQUESTS = 4096;

  @Param({"3", "1000"})
  public int targets;

  @Param({"round-robin", "least-requests", "random-two", "consistent-hash"})
  public String policy;

  @Param("0")
  public int unhealthyPercent;

  private TargetSelector selector;
  private TestRequest[] requests;
  private int next;

  @Setup
  public void setUp() {
    List<Target> list = new ArrayList<>();
    for (int i = 0; i < targets; i++) {
      list.add(new Target("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 8080, 1 + i % 3));
    }
    LoadBalancing lb = LoadBalancing.valueOf(policy.toUpperCase().replace('-', '_'));
    Upstream upstream = new Upstream("bench", list, lb, lb == LoadBalancing.CONSISTENT_HASH ? HashOn.IP : null, null,
      HealthCheck.of("/", 1_000));
    Balancers balancers = new Balancers(StickyKey.random());
    selector = balancers.compile(upstream).targets();
    for (int i = 0; i < targets * unhealthyPercent / 100; i++) {
      balancers.health().markUnhealthy(list.get(i * 10 % targets).address());
    }
    requests = new TestRequest[REQUESTS];
    for (int i = 0; i < REQUESTS; i++) {
      requests[i] = TestRequest.fromIp("198.51." + (i >> 8) + "." + (i & 255));
    }
  }

  @Benchmark
  public Endpoint next() {
    TestRequest request = requests[next];
    next = (next + 1) & (REQUESTS - 1);
    return selector.next(request);
  }
}
