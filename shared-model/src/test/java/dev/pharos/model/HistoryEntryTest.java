package dev.pharos.model;

import dev.pharos.model.ConfigChange.PutUpstream;
import dev.pharos.model.ConfigChange.ReplaceAll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryEntryTest {

  private static final Instant TIME = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final Upstream POOL = Upstream.of("pool", Target.of("10.0.0.1", 80));
  private static final Route WEB = Route.of("web", "web.example", "/", "pool");

  @Test
  void storedFormReadsBackEqual() {
    PutUpstream change = new PutUpstream(POOL);
    HistoryEntry entry = HistoryEntry.of(TIME, ChangeOrigin.of("ops"), change,
      ConfigSnapshot.EMPTY.apply(change, Precondition.NONE));

    assertThat(HistoryEntry.fromJson(new JsonObject(entry.toJson().encode()))).isEqualTo(entry);
    assertThat(HistoryHeader.fromJson(entry.toSummaryJson())).isEqualTo(entry.header());
    assertThat(entry.header().replayable()).isTrue();
  }

  @Test
  void summaryNamesVersionTimeActorAndChangeButNotTheTable() {
    PutUpstream change = new PutUpstream(POOL);
    HistoryEntry entry = HistoryEntry.of(TIME, ChangeOrigin.of("ops"), change,
      ConfigSnapshot.EMPTY.apply(change, Precondition.NONE));

    assertThat(entry.toSummaryJson()).isEqualTo(new JsonObject()
      .put("version", 1L)
      .put("time", "2026-01-02T03:04:05.678Z")
      .put("actor", "ops")
      .put("summary", "put upstream pool")
      .put("change", change.toJson()));
  }

  @Test
  void rollbackNamesTheVersionItRestoresAndKeepsItsTableOutOfTheChange() {
    ReplaceAll change = new ReplaceAll(List.of(WEB), List.of(POOL));
    ConfigSnapshot table = ConfigSnapshot.of(7, List.of(WEB), List.of(POOL));

    HistoryEntry entry = HistoryEntry.of(TIME, ChangeOrigin.rollback("admin", 3), change, table);

    assertThat(entry.toSummaryJson().getLong("rollbackOf")).isEqualTo(3);
    assertThat(entry.toSummaryJson().getJsonObject("change")).isEqualTo(new JsonObject().put("op", "replace-all"));
    assertThat(HistoryEntry.fromJson(entry.toJson()).snapshot()).isEqualTo(table);
    assertThat(entry.header().replayable()).isFalse();
  }
}
