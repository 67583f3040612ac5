package dev.pharos.edge.health;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import dev.pharos.edge.health.ProbePlan.ProbeTarget;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HealthCheck;
import dev.pharos.model.Target;
import dev.pharos.model.TargetStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * Probes the targets this member owns. Every member schedules every target of the config; at each tick of a target
 * it asks whether it owns the target's key, and probes only if so, so ownership moving with members that join or
 * leave moves the probing within one interval. The cluster thus sends M probes per interval for M targets, whatever
 * the number of members. Between two ticks, the member also looks every {@value #TAKEOVER_CHECK_MS} ms for targets it
 * has just come to own, and probes them at once: probing moves as soon as the partitions have, not up to an interval
 * later.
 *
 * <p>A member that takes a target over starts from the state last published for it, and publishes every result.
 * Probes carry {@value #PROBE_HEADER} with the node's name, so a backend can tell who probes it.
 */
public final class Prober extends VerticleBase {

  public static final String PROBE_HEADER = "X-Pharos-Probe";
  static final long TAKEOVER_CHECK_MS = 50;
  private static final Logger LOG = Logger.getLogger(Prober.class.getName());

  private final String nodeName;
  private final HealthRegistry registry;
  private final Predicate<String> owns;

  // Owned by this verticle's event loop.
  private final Map<String, TargetProbe> probes = new HashMap<>();
  private HttpClient client;

  /** @param owns whether this member owns a key ({@code host:port}) of the cluster's partition table; never blocks */
  public Prober(String nodeName, HealthRegistry registry, Predicate<String> owns) {
    this.nodeName = nodeName;
    this.registry = registry;
    this.owns = owns;
  }

  @Override
  public Future<?> start() {
    // One connection per probe: a pooled connection would hide a target that no longer accepts new ones.
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
    vertx.setPeriodic(TAKEOVER_CHECK_MS, id -> probes.values().forEach(TargetProbe::takeOverIfOwned));
    return Future.succeededFuture();
  }

  /**
   * Whether this member owns a key's partition. Reads the member's copy of the partition table, which is in memory
   * once the cluster has arranged its partitions (the node's maps are used before the prober starts); an owner being
   * migrated reads as not owned, and the next tick asks again.
   */
  public static Predicate<String> ownedByLocalMember(HazelcastInstance hazelcast) {
    PartitionService partitions = hazelcast.getPartitionService();
    return key -> {
      Member owner = partitions.getPartition(key).getOwner();
      return owner != null && owner.localMember();
    };
  }

  /** Probes the targets of {@code snapshot} from now on; may be called from any thread. */
  public void apply(ConfigSnapshot snapshot) {
    ProbePlan plan = ProbePlan.of(snapshot);
    context.runOnContext(v -> reconcile(plan));
  }

  private void reconcile(ProbePlan plan) {
    assert Context.isOnEventLoopThread();
    probes.entrySet().removeIf(entry -> {
      ProbeTarget wanted = plan.targets().get(entry.getKey());
      if (entry.getValue().target.equals(wanted)) {
        return false;
      }
      vertx.cancelTimer(entry.getValue().timer);
      if (wanted == null && owns.test(entry.getKey())) {
        registry.remove(entry.getKey());
      }
      return true;
    });
    plan.targets().forEach((address, target) -> probes.computeIfAbsent(address, a -> new TargetProbe(target)));
  }

  private final class TargetProbe {

    private final ProbeTarget target;
    private final long timer;
    private boolean probing;
    private long lastProbeNanos;
    // Null while another member owns the target.
    private ProbeCounter counter;
    private long since;
    private String reason;

    TargetProbe(ProbeTarget target) {
      this.target = target;
      this.timer = vertx.setPeriodic(1, target.check().intervalMs(), id -> tick());
    }

    /** Probes now if this member has come to own the target since the last tick. */
    private void takeOverIfOwned() {
      if (counter == null && !probing && owns.test(target.target().address())) {
        tick();
      }
    }

    private void tick() {
      String address = target.target().address();
      if (!owns.test(address)) {
        counter = null;
        return;
      }
      // A take-over probe may have come just before this tick: keep to about one probe per interval.
      long sinceLast = System.nanoTime() - lastProbeNanos;
      if (probing || (counter != null && sinceLast < TimeUnit.MILLISECONDS.toNanos(target.check().intervalMs()) / 2)) {
        return;
      }
      lastProbeNanos = System.nanoTime();
      if (counter == null) {
        takeOver(registry.status(address));
      }
      probing = true;
      probe(target.target(), target.check()).onComplete(result -> {
        probing = false;
        if (probes.get(address) == this && counter != null) {
          record(result.result());
        }
      });
    }

    private void takeOver(TargetStatus last) {
      boolean healthy = last == null || last.healthy();
      counter = new ProbeCounter(target.check(), healthy);
      since = last == null ? 0 : last.since();
      reason = last == null ? null : last.reason();
      LOG.fine(() -> "probing " + target.target().address() + ", last found " + (healthy ? "healthy" : "unhealthy"));
    }

    private void record(ProbeResult result) {
      long now = System.currentTimeMillis();
      boolean changed = counter.record(result.success());
      if (changed || since == 0) {
        since = now;
        reason = counter.healthy() ? null : result.description();
      }
      if (changed) {
        LOG.info(() -> "target " + target.target().address() + " is " + (counter.healthy() ? "healthy" : "unhealthy")
          + ": " + result.description());
      }
      registry.publish(new TargetStatus(target.target().address(), counter.healthy(), since, now,
        result.description(), nodeName, reason));
    }
  }

  /** Completes with the result, never fails. */
  private Future<ProbeResult> probe(Target target, HealthCheck check) {
    RequestOptions options = new RequestOptions()
      .setMethod(HttpMethod.GET)
      .setServer(SocketAddress.inetSocketAddress(target.port(), target.host()))
      .setHost(target.host())
      .setPort(target.port())
      .setURI(check.path())
      .putHeader(PROBE_HEADER, nodeName)
      .setConnectTimeout(check.timeoutMs())
      .setIdleTimeout(check.timeoutMs());
    return client.request(options)
      .compose(request -> request.send())
      .map(response -> {
        int status = response.statusCode();
        return check.isExpected(status) ? new ProbeResult(true, Integer.toString(status))
          : new ProbeResult(false, "status " + status + " (expected: " + check.toJson().getString("expectedStatus")
            + ")");
      })
      .timeout(check.timeoutMs(), TimeUnit.MILLISECONDS)
      .otherwise(e -> new ProbeResult(false, e instanceof TimeoutException
        ? "timeout after " + check.timeoutMs() + " ms" : String.valueOf(e.getMessage())));
  }
}
