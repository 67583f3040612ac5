package dev.pharos.edge.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.pharos.admin.AppliedTimeoutException;
import dev.pharos.admin.ClusterView;
import dev.pharos.model.ClusterNames;
import dev.pharos.model.MemberStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.logging.Logger;

/**
 * Each member's report of the config version it serves, kept in {@value ClusterNames#MEMBERS_MAP} and mirrored into
 * a local view by an entry listener, so {@link #awaitApplied} never waits on the network. Entries of members that
 * leave are removed by whoever sees them go.
 */
public final class MemberRegistry implements ClusterView {

  private static final Logger LOG = Logger.getLogger(MemberRegistry.class.getName());
  private static final long AWAIT_CHECK_MS = 5;

  /**
   * How often a member reports itself even when nothing changed, so its request rate stays current. Each report is
   * one small asynchronous map write.
   */
  public static final Duration REPORT_INTERVAL = Duration.ofSeconds(2);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> map;
  private final String nodeName;
  private final DoubleSupplier requestRate;
  private final Map<String, MemberStatus> view = new ConcurrentHashMap<>();

  /** @param requestRate requests per second this node answers, read at each report */
  public MemberRegistry(Vertx vertx, HazelcastInstance hazelcast, String nodeName, DoubleSupplier requestRate) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(ClusterNames.MEMBERS_MAP);
    this.nodeName = nodeName;
    this.requestRate = requestRate;
  }

  /** Starts listening; completes once the local view holds every report already in the map. */
  public Future<Void> start() {
    return vertx.executeBlocking(() -> {
      map.addEntryListener(new ViewUpdater(), true);
      hazelcast.getCluster().addMembershipListener(new DepartureCleaner());
      map.forEach((id, json) -> view.merge(id, MemberStatus.fromJson(new JsonObject(json)), MemberRegistry::newer));
      return null;
    }, false);
  }

  /** Publishes this member's applied version, readiness and request rate to the cluster. */
  public Future<Void> report(long appliedVersion, boolean ready) {
    Member local = hazelcast.getCluster().getLocalMember();
    MemberStatus status = new MemberStatus(local.getUuid().toString(), nodeName, address(local), appliedVersion, ready,
      System.currentTimeMillis(), requestRate.getAsDouble());
    view.merge(status.memberId(), status, MemberRegistry::newer);
    return Future.fromCompletionStage(map.setAsync(status.memberId(), status.toJson().encode()),
        vertx.getOrCreateContext())
      .onFailure(e -> LOG.warning("cannot report applied version " + appliedVersion + ": " + e));
  }

  @Override
  public Future<List<MemberStatus>> members() {
    List<MemberStatus> result = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String id = member.getUuid().toString();
      MemberStatus status = view.get(id);
      result.add(status != null ? status : new MemberStatus(id, null, address(member), 0, false, 0));
    }
    return Future.succeededFuture(result);
  }

  @Override
  public Future<Void> awaitApplied(long version, Duration timeout) {
    Promise<Void> promise = Promise.promise();
    long deadline = System.nanoTime() + timeout.toNanos();
    if (lagging(version).isEmpty()) {
      return Future.succeededFuture();
    }
    vertx.setPeriodic(AWAIT_CHECK_MS, timer -> {
      List<String> lagging = lagging(version);
      if (lagging.isEmpty()) {
        vertx.cancelTimer(timer);
        promise.tryComplete();
      } else if (System.nanoTime() - deadline > 0) {
        vertx.cancelTimer(timer);
        promise.tryFail(new AppliedTimeoutException(version, lagging));
      }
    });
    return promise.future();
  }

  private List<String> lagging(long version) {
    List<String> lagging = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      MemberStatus status = view.get(member.getUuid().toString());
      if (status == null || status.appliedVersion() < version) {
        lagging.add(status == null || status.nodeName() == null ? address(member) : status.nodeName());
      }
    }
    return lagging;
  }

  private static String address(Member member) {
    return member.getAddress().getHost() + ":" + member.getAddress().getPort();
  }

  // A late event must not overwrite a fresher report of the same member.
  private static MemberStatus newer(MemberStatus a, MemberStatus b) {
    return b.updatedAt() >= a.updatedAt() ? b : a;
  }

  private final class ViewUpdater implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      update(event);
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      update(event);
    }

    private void update(EntryEvent<String, String> event) {
      view.merge(event.getKey(), MemberStatus.fromJson(new JsonObject(event.getValue())), MemberRegistry::newer);
    }
  }

  private final class DepartureCleaner implements MembershipListener {

    @Override
    public void memberAdded(MembershipEvent event) {
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
      String id = event.getMember().getUuid().toString();
      view.remove(id);
      map.removeAsync(id);
    }
  }
}
