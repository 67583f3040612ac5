package dev.pharos.edge.cache;

import com.hazelcast.map.IMap;
import dev.pharos.model.ClusterNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Collapses concurrent misses for one key, on any members, into one origin fetch.
 *
 * <pre>
 *   miss ──► a flight for the key on this node?  yes ──► wait for it
 *              │ no: start one
 *              ▼
 *            take the key's lease (an entry processor on the lease map, where the key lives)
 *              │ taken                                   │ held by another member
 *              ▼                                         ▼
 *            look in the cache again (the last        wait for its "filled" message, or for the lease
 *            holder may have just stored it)           to go (polled), or the collapse timeout
 *              │ missing                                 │
 *              ▼                                         ▼
 *            LEAD: fetch, store, drop the lease,      read the cache: serve from it, or fetch alone
 *            publish "filled"
 * </pre>
 *
 * Nothing is held across the origin fetch but the lease entry, which expires by itself at the collapse timeout if
 * its holder dies; waiters resume on their own event loop.
 */
public final class Flights {

  private static final long POLL_MS = 100;

  private final Vertx vertx;
  private final IMap<String, byte[]> map;
  private final IMap<String, String> leases;
  private final String holder;
  private final Duration timeout;
  private final CacheStats stats;
  private final ConcurrentMap<String, Flight> flights = new ConcurrentHashMap<>();

  Flights(Vertx vertx, IMap<String, byte[]> map, IMap<String, String> leases, String holder, Duration timeout,
          CacheStats stats) {
    this.vertx = vertx;
    this.map = map;
    this.leases = leases;
    this.holder = holder;
    this.timeout = timeout;
    this.stats = stats;
  }

  void start() {
    vertx.eventBus().<String>consumer(ClusterNames.CACHE_FILLED, message -> {
      Flight flight = flights.get(message.body());
      if (flight != null && flight.waitsRemotely) {
        flight.readAndFinish();
      }
    });
  }

  /**
   * What a miss is to do: lead the fetch ({@link #leader} set), or serve from {@link #entry} what another request's
   * fetch stored (null: nothing usable was stored, fetch alone).
   */
  public record Fill(Leader leader, CachedEntry entry) {
  }

  Future<Fill> miss(CacheKey key) {
    Context context = vertx.getOrCreateContext();
    String flightKey = key.flightKey();
    Flight mine = new Flight(key, flightKey);
    Flight running = flights.putIfAbsent(flightKey, mine);
    if (running != null) {
      stats.collapsedWait();
      return Future.fromCompletionStage(running.result, context).map(entry -> new Fill(null, entry));
    }
    return Future.fromCompletionStage(leases.submitToKey(flightKey, new Lease(holder, timeout.toMillis())), context)
      .compose(taken -> {
        if (!taken) {
          stats.collapsedWait();
          mine.waitRemotely();
          return Future.fromCompletionStage(mine.result, context).map(entry -> new Fill(null, entry));
        }
        return Future.fromCompletionStage(map.getAsync(key.url()), context).map(bytes -> {
          if (bytes == null) {
            return new Fill(new Leader(mine, flightKey), null);
          }
          CachedEntry entry = EntryCodec.decode(bytes);
          new Leader(mine, flightKey).finish(entry);
          return new Fill(null, entry);
        });
      })
      .recover(failure -> {
        // The cluster cannot collapse this miss now: fetch without it.
        mine.finish(null);
        return Future.succeededFuture(new Fill(null, null));
      });
  }

  /** Takes {@code leaseKey} if it is free: the leader, or null when another member holds it. */
  Future<Leader> tryLead(CacheKey key, String leaseKey) {
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(leases.submitToKey(leaseKey, new Lease(holder, timeout.toMillis())), context)
      .map(taken -> taken ? new Leader(new Flight(key, leaseKey), leaseKey) : null);
  }

  /** The one fetch of a key in the cluster. */
  public final class Leader {

    private final Flight flight;
    private final String leaseKey;

    private Leader(Flight flight, String leaseKey) {
      this.flight = flight;
      this.leaseKey = leaseKey;
    }

    /**
     * Ends the lead once the fetched response is stored (or known not to be): drops the lease, tells the members
     * waiting, and hands the stored variant to this node's waiters.
     *
     * @param stored the variant stored, or null when nothing was
     */
    public void done(StoredResponse stored) {
      finish(stored == null ? null : CachedEntry.of(List.of(stored)));
    }

    private void finish(CachedEntry entry) {
      leases.removeAsync(leaseKey).whenComplete((removed, failure) ->
        vertx.eventBus().publish(ClusterNames.CACHE_FILLED, leaseKey));
      flight.finish(entry);
    }
  }

  /** The misses of one key on this node, waiting for one outcome. */
  private final class Flight {

    private final CacheKey key;
    private final String flightKey;
    private final CompletableFuture<CachedEntry> result = new CompletableFuture<>();
    private volatile boolean waitsRemotely;
    // Set on the waiting request's event loop, read wherever the flight finishes.
    private volatile long pollTimer = -1;
    private volatile long timeoutTimer = -1;

    Flight(CacheKey key, String flightKey) {
      this.key = key;
      this.flightKey = flightKey;
    }

    /** Another member leads: wait for its message, poll its lease in case the message is lost, give up in time. */
    void waitRemotely() {
      waitsRemotely = true;
      pollTimer = vertx.setPeriodic(POLL_MS, id -> leases.getAsync(flightKey).whenComplete((lease, failure) -> {
        if (failure == null && lease == null) {
          readAndFinish();
        }
      }));
      timeoutTimer = vertx.setTimer(timeout.toMillis(), id -> finish(null));
    }

    void readAndFinish() {
      map.getAsync(key.url()).whenComplete((bytes, failure) -> {
        CachedEntry entry = null;
        if (failure == null && bytes != null) {
          try {
            entry = EntryCodec.decode(bytes);
          } catch (IllegalArgumentException e) {
            entry = null;
          }
        }
        finish(entry);
      });
    }

    void finish(CachedEntry entry) {
      if (pollTimer >= 0) {
        vertx.cancelTimer(pollTimer);
      }
      if (timeoutTimer >= 0) {
        vertx.cancelTimer(timeoutTimer);
      }
      flights.remove(flightKey, this);
      result.complete(entry);
    }
  }
}
