package dev.pharos.admin.testing;

import dev.pharos.admin.AppliedTimeoutException;
import dev.pharos.admin.ClusterView;
import dev.pharos.model.MemberStatus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ClusterView} whose members a test declares, and whose applied versions it moves forward by hand (as each
 * node's config watcher would report them).
 */
public final class FakeCluster implements ClusterView {

  private final Vertx vertx;

  // Guarded by this: tests call in from their own thread and from timers, the admin verticle from its event loop.
  private final Map<String, MemberStatus> members = new LinkedHashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final List<Duration> requestedTimeouts = new ArrayList<>();

  public FakeCluster(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Adds a ready member that has applied {@code appliedVersion}. */
  public synchronized FakeCluster join(String nodeName, long appliedVersion) {
    members.put(nodeName, status(nodeName, appliedVersion));
    return this;
  }

  /** The member reports that it has applied {@code version}; waits it satisfies complete. */
  public void apply(String nodeName, long version) {
    List<Waiter> done = new ArrayList<>();
    synchronized (this) {
      members.put(nodeName, status(nodeName, version));
      for (Waiter waiter : waiters) {
        if (lagging(waiter.version).isEmpty()) {
          done.add(waiter);
        }
      }
      waiters.removeAll(done);
    }
    done.forEach(Waiter::complete);
  }

  public void applyEverywhere(long version) {
    List<String> names;
    synchronized (this) {
      names = List.copyOf(members.keySet());
    }
    names.forEach(name -> apply(name, version));
  }

  /** The timeout of every {@link #awaitApplied} call so far, in order. */
  public synchronized List<Duration> requestedTimeouts() {
    return List.copyOf(requestedTimeouts);
  }

  @Override
  public synchronized Future<List<MemberStatus>> members() {
    return Future.succeededFuture(List.copyOf(members.values()));
  }

  @Override
  public Future<Void> awaitApplied(long version, Duration timeout) {
    Context context = vertx.getOrCreateContext();
    Waiter waiter;
    synchronized (this) {
      requestedTimeouts.add(timeout);
      if (lagging(version).isEmpty()) {
        return Future.succeededFuture();
      }
      waiter = new Waiter(version, context, Promise.promise());
      waiters.add(waiter);
    }
    long timer = vertx.setTimer(timeout.toMillis(), id -> {
      List<String> lagging;
      synchronized (this) {
        if (!waiters.remove(waiter)) {
          return;
        }
        lagging = lagging(version);
      }
      waiter.fail(new AppliedTimeoutException(version, lagging));
    });
    return waiter.promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  private List<String> lagging(long version) {
    return members.values().stream().filter(m -> m.appliedVersion() < version).map(MemberStatus::nodeName).toList();
  }

  private static MemberStatus status(String nodeName, long appliedVersion) {
    return new MemberStatus("uuid-" + nodeName, nodeName, nodeName + ":5701", appliedVersion, true,
      System.currentTimeMillis());
  }

  /** A pending {@link #awaitApplied}; it completes on the caller's context, as the port promises. */
  private record Waiter(long version, Context context, Promise<Void> promise) {

    void complete() {
      context.runOnContext(v -> promise.complete());
    }

    void fail(Throwable cause) {
      context.runOnContext(v -> promise.fail(cause));
    }
  }
}
