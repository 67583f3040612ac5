package dev.pharos.edge.cache;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.pharos.admin.CacheAdmin;
import dev.pharos.admin.CachePurge;
import dev.pharos.admin.StoreUnavailableException;
import dev.pharos.model.ClusterNames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * One node's access to the cluster's cache: lookups through the local {@link HotCache}, then the cluster map; stores
 * and invalidations; collapsed misses ({@link Flights}); and the admin API's purges and statistics.
 *
 * <p>Every Hazelcast call here is asynchronous, and its answer comes back on the caller's Vert.x context, so the
 * request path never blocks. Only a purge by prefix, tag or route scans the map, on a worker thread.
 */
public final class ClusterCache implements CacheAdmin {

  private static final System.Logger LOG = System.getLogger(ClusterCache.class.getName());

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final IMap<String, byte[]> map;
  private final CacheSettings settings;
  private final String nodeName;
  private final HotCache hot;
  private final CacheStats stats = new CacheStats();
  private final Flights flights;

  public ClusterCache(Vertx vertx, HazelcastInstance hazelcast, CacheSettings settings, String nodeName) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.map = hazelcast.getMap(ClusterNames.CACHE_MAP);
    this.settings = settings;
    this.nodeName = nodeName;
    this.hot = new HotCache(settings.hotMaxBytes());
    this.flights = new Flights(vertx, map, hazelcast.getMap(ClusterNames.CACHE_LEASES_MAP), localId(),
      settings.collapseTimeout(), stats);
  }

  /** Registers the node's listeners: changes of the map drop hot copies; purge and statistics requests. */
  public Future<Void> start() {
    map.addEntryListener(new HotInvalidation(), false);
    flights.start();
    Future<Void> purges = vertx.eventBus().<JsonObject>consumer(ClusterNames.CACHE_PURGE_PREFIX + localId(),
      message -> {
        CachePurge purge = new CachePurge(CachePurge.Kind.valueOf(message.body().getString("kind")),
          message.body().getString("value"));
        PurgeFilter filter = PurgeFilter.of(purge);
        message.reply(hot.purge(filter::matches));
      }).completion();
    Future<Void> statistics = vertx.eventBus().<JsonObject>consumer(ClusterNames.CACHE_STATS_PREFIX + localId(),
      message -> message.reply(localStats())).completion();
    return Future.all(purges, statistics).mapEmpty();
  }

  public CacheSettings settings() {
    return settings;
  }

  public CacheStats counters() {
    return stats;
  }

  /**
   * This node's hot copy of the entry stored for the key's URL while it is of use at {@code now} (epoch milliseconds),
   * or null: no Hazelcast call.
   */
  public CachedEntry hotCopy(CacheKey key, long now) {
    CachedEntry copy = hot.get(key.url());
    return copy != null && isOfUse(copy, now) ? copy : null;
  }

  /** The entry stored for the key's URL, or null; from this node's hot copy when it has one. */
  public Future<CachedEntry> lookup(CacheKey key) {
    long now = System.currentTimeMillis();
    CachedEntry copy = hotCopy(key, now);
    if (copy != null) {
      return Future.succeededFuture(copy);
    }
    long stamp = hot.stamp(key.url());
    return onContext(map.getAsync(key.url())).map(bytes -> {
      CachedEntry entry = decode(key.url(), bytes);
      if (entry != null) {
        hot.putIfUnchanged(key.url(), entry, stamp);
      }
      return entry != null && isOfUse(entry, now) ? entry : null;
    });
  }

  /** Adds a variant to its URL's entry; completes once the cluster map holds it (and its backups). */
  public Future<Void> store(CacheKey key, StoredResponse variant) {
    long now = System.currentTimeMillis();
    byte[] encoded = EntryCodec.encode(List.of(variant));
    return onContext(map.submitToKey(key.url(), new StoreVariant(encoded, now))).map(stored -> {
      hot.invalidate(key.url());
      stats.stored();
      return null;
    });
  }

  /** Removes every variant of the URL (RFC 9111 §4.4 invalidation). */
  public Future<Void> invalidate(String url) {
    hot.invalidate(url);
    return onContext(map.removeAsync(url)).mapEmpty();
  }

  /**
   * Joins or starts the one origin fetch the cluster makes for a missing key. The answer is either the caller's lead
   * (fetch, then {@link Flights.Leader#done}) or the entry another request's fetch stored (null when it stored none,
   * or the wait timed out: then the caller fetches by itself).
   */
  public Future<Flights.Fill> miss(CacheKey key) {
    return flights.miss(key);
  }

  /**
   * Takes the lease to refresh a key in the background, for {@code stale-while-revalidate}: only one member of the
   * cluster refreshes it. Completes with the leader, or null when someone else holds the lease.
   */
  public Future<Flights.Leader> refreshLease(CacheKey key) {
    return flights.tryLead(key, "refresh\n" + key.flightKey());
  }

  @Override
  public Future<Long> purge(CachePurge purge) {
    PurgeFilter filter = PurgeFilter.of(purge);
    Future<Map<String, Boolean>> removed;
    if (purge.kind() == CachePurge.Kind.URL) {
      String url = CacheKeys.canonicalUrl(purge.value());
      Set<String> keys = new LinkedHashSet<>(List.of(url, CacheKeys.sortedQuery(url)));
      removed = onContext(map.submitToKeys(keys, new Remove()));
    } else {
      removed = vertx.executeBlocking(() -> map.executeOnEntries(new Remove(), filter), false);
    }
    return removed.compose(results -> {
      long count = results.values().stream().filter(Boolean.TRUE::equals).count();
      return dropLocalCopies(purge).map(count);
    });
  }

  /** Asks every member to drop its hot copies the purge selects, and completes once all have answered. */
  private Future<Void> dropLocalCopies(CachePurge purge) {
    JsonObject body = new JsonObject().put("kind", purge.kind().name()).put("value", purge.value());
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.purgeTimeout().toMillis());
    List<Future<?>> acks = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String name = member.getAddress().toString();
      acks.add(vertx.eventBus().request(ClusterNames.CACHE_PURGE_PREFIX + member.getUuid(), body, options)
        .recover(e -> Future.failedFuture(new StoreUnavailableException("member " + name
          + " did not confirm it dropped its local copies within " + settings.purgeTimeout().toMillis()
          + " ms (" + e.getMessage() + "); the entries are gone from the cluster map, and its copies go when it "
          + "hears of the removal", e))));
    }
    return Future.all(acks).mapEmpty();
  }

  @Override
  public Future<JsonObject> stats() {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.purgeTimeout().toMillis());
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      answers.add(vertx.eventBus().<JsonObject>request(ClusterNames.CACHE_STATS_PREFIX + member.getUuid(),
          new JsonObject(), options)
        .map(reply -> reply.body())
        .otherwise(e -> new JsonObject().put("member", member.getAddress().toString()).put("error", e.getMessage())));
    }
    return Future.all(answers).map(all -> {
      JsonArray nodes = new JsonArray();
      JsonObject cluster = new JsonObject();
      for (Future<JsonObject> answer : answers) {
        JsonObject node = answer.result();
        nodes.add(node);
        for (String field : node.fieldNames()) {
          if (node.getValue(field) instanceof Number n) {
            cluster.put(field, cluster.getLong(field, 0L) + n.longValue());
          }
        }
      }
      return new JsonObject().put("cluster", cluster).put("nodes", nodes);
    });
  }

  /** This node's part: the entries and bytes it owns (primary copies), its hot copies, and its counters. */
  JsonObject localStats() {
    LocalMapStats local = map.getLocalMapStats();
    return new JsonObject().put("node", nodeName)
      .put("entries", local.getOwnedEntryCount())
      .put("bytes", local.getOwnedEntryMemoryCost())
      .put("backupEntries", local.getBackupEntryCount())
      .put("backupBytes", local.getBackupEntryMemoryCost())
      .put("hotEntries", hot.size())
      .put("hotBytes", hot.weight())
      .mergeIn(stats.toJson());
  }

  /** Entries whose primary copy this member holds. */
  public long ownedEntries() {
    return map.getLocalMapStats().getOwnedEntryCount();
  }

  /** Heap the primary copies this member holds take, as Hazelcast counts it. */
  public long ownedBytes() {
    return map.getLocalMapStats().getOwnedEntryMemoryCost();
  }

  private static boolean isOfUse(CachedEntry entry, long now) {
    for (StoredResponse variant : entry.variants()) {
      if (variant.keepUntil() > now) {
        return true;
      }
    }
    return false;
  }

  private static CachedEntry decode(String url, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return EntryCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, () -> "cache entry " + url + " cannot be read, taken as missing: " + e.getMessage());
      return null;
    }
  }

  private <T> Future<T> onContext(CompletionStage<T> stage) {
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(stage, context);
  }

  private String localId() {
    UUID uuid = hazelcast.getCluster().getLocalMember().getUuid();
    return uuid.toString();
  }

  /** Drops this node's hot copy of an entry whenever the entry changes anywhere in the cluster. */
  private final class HotInvalidation implements EntryAddedListener<String, byte[]>,
    EntryUpdatedListener<String, byte[]>, EntryRemovedListener<String, byte[]>,
    EntryEvictedListener<String, byte[]>, EntryExpiredListener<String, byte[]> {

    @Override
    public void entryAdded(EntryEvent<String, byte[]> event) {
      hot.invalidate(event.getKey());
    }

    @Override
    public void entryUpdated(EntryEvent<String, byte[]> event) {
      hot.invalidate(event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<String, byte[]> event) {
      hot.invalidate(event.getKey());
    }

    @Override
    public void entryEvicted(EntryEvent<String, byte[]> event) {
      hot.invalidate(event.getKey());
    }

    @Override
    public void entryExpired(EntryEvent<String, byte[]> event) {
      hot.invalidate(event.getKey());
    }
  }
}
