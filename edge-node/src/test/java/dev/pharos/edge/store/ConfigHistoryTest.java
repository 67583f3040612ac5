package dev.pharos.edge.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.pharos.model.ChangeOrigin;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.HistoryEntry;
import dev.pharos.model.HistoryHeader;
import dev.pharos.model.Precondition;
import dev.pharos.model.Route;
import dev.pharos.model.Target;
import dev.pharos.model.Upstream;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.pharos.edge.testing.NodeFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The history on a real Hazelcast member: entries that hold only their change, a whole table every few versions,
 * versions rebuilt exactly as they were committed, and trimming by key that keeps the whole table the oldest kept
 * version builds on.
 */
class ConfigHistoryTest {

  private static final int PORT = 7450;
  private static final int SIZE = 10;
  private static final int WHOLE_TABLE_EVERY = 4;
  private static final Upstream POOL = Upstream.of("pool", Target.of("10.0.0.1", 80));
  private static final Upstream SPARE = Upstream.of("spare", Target.of("10.0.0.2", 80));

  static HazelcastInstance hazelcast;
  static Vertx vertx;
  static int mapNumber;
  IMap<Long, String> map;
  ConfigHistory history;
  /** The table committed at each version, by index. */
  List<ConfigSnapshot> tables;

  @BeforeAll
  static void startMember() {
    Config config = new Config().setClusterName("config-history-test");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setPort(PORT).setPortAutoIncrement(false);
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + PORT);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    hazelcast = Hazelcast.newHazelcastInstance(config);
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopMember() {
    hazelcast.shutdown();
    await(vertx.close());
  }

  @BeforeEach
  void freshHistory() {
    map = hazelcast.getMap("history-" + mapNumber++);
    history = new ConfigHistory(vertx, map, SIZE, WHOLE_TABLE_EVERY);
    tables = new ArrayList<>(List.of(ConfigSnapshot.EMPTY));
  }

  @Test
  void everyKeptVersionIsRebuiltAsItWasCommittedAndOlderOnesAreGone() {
    List<HistoryEntry> committed = commitMixedChanges(33);

    for (HistoryEntry entry : committed) {
      Optional<HistoryEntry> found = await(history.get(entry.version(), 33));
      if (entry.version() > 33 - SIZE) {
        assertThat(found).as("version %d", entry.version()).contains(entry);
      } else {
        assertThat(found).as("version %d", entry.version()).isEmpty();
      }
    }
  }

  @Test
  void listsTheKeptVersionsNewestFirstAndNotTheWholeTablesKeptBelowThem() {
    commitMixedChanges(33);

    assertThat(await(history.newest(100, 33)).stream().map(HistoryHeader::version))
      .containsExactly(33L, 32L, 31L, 30L, 29L, 28L, 27L, 26L, 25L, 24L);
    assertThat(await(history.newest(3, 33)).stream().map(HistoryHeader::version)).containsExactly(33L, 32L, 31L);
  }

  @Test
  void mostEntriesHoldTheirChangeAloneAndTrimmingByKeyBoundsTheMap() {
    commitMixedChanges(60);

    // The trim is in the background: wait for it, then every key left is a kept version or the base below them.
    await().atMost(Duration.ofSeconds(10)).until(() -> map.size() <= SIZE + WHOLE_TABLE_EVERY - 1);
    assertThat(map.keySet()).allMatch(version -> version > 60 - SIZE - WHOLE_TABLE_EVERY + 1);
    assertThat(map.keySet()).contains(60L - SIZE + 1);
    long wholeTables = map.values().stream().filter(json -> new JsonObject(json).containsKey("config")).count();
    assertThat(wholeTables).isLessThan(map.size() / 2);
  }

  @Test
  void theFirstVersionAfterATableTheHistoryLacksHoldsItsWholeTable() {
    ConfigSnapshot seeded = ConfigSnapshot.of(41, List.of(), List.of(POOL));
    ConfigChange addRoute = new ConfigChange.PutRoute(Route.of("web", "web.example", "/", "pool"));
    ConfigSnapshot v42 = seeded.apply(addRoute, Precondition.NONE);
    ConfigChange addSpare = new ConfigChange.PutUpstream(SPARE);
    ConfigSnapshot v43 = v42.apply(addSpare, Precondition.NONE);

    history.record(HistoryEntry.of(Instant.now(), ChangeOrigin.of("ops"), addRoute, v42), false).await();
    history.record(HistoryEntry.of(Instant.now(), ChangeOrigin.of("ops"), addSpare, v43), true).await();

    assertThat(await(history.get(43, 43)).map(HistoryEntry::snapshot)).contains(v43);
    assertThat(await(history.get(42, 43)).map(HistoryEntry::snapshot)).contains(v42);
    assertThat(await(history.get(41, 43))).isEmpty();
  }

  /** Commits {@code count} versions of routes put and deleted, upstreams put and one whole-table replacement. */
  private List<HistoryEntry> commitMixedChanges(int count) {
    List<HistoryEntry> committed = new ArrayList<>();
    for (int version = 1; version <= count; version++) {
      ConfigSnapshot current = tables.get(version - 1);
      ConfigChange change = change(version, current);
      ConfigSnapshot next = current.apply(change, Precondition.NONE);
      HistoryEntry entry = HistoryEntry.of(Instant.now(), ChangeOrigin.of("actor-" + version), change, next);
      history.record(entry, version > 1).await();
      tables.add(next);
      committed.add(entry);
    }
    return committed;
  }

  private static ConfigChange change(int version, ConfigSnapshot current) {
    if (version == 1) {
      return new ConfigChange.PutUpstream(POOL);
    }
    if (version == 17) {
      return new ConfigChange.ReplaceAll(List.of(Route.of("only", "only.example", "/", "pool")), List.of(POOL));
    }
    String id = "route-" + version % 5;
    if (version % 7 == 0 && current.routes().containsKey(id)) {
      return new ConfigChange.DeleteRoute(id);
    }
    if (version % 6 == 0) {
      return new ConfigChange.PutUpstream(Upstream.of("pool", Target.of("10.0.0." + version, 80)));
    }
    return new ConfigChange.PutRoute(Route.of(id, id + ".example", "/v" + version, "pool"));
  }
}
