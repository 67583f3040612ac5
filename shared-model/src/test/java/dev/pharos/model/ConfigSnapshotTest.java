package dev.pharos.model;

import dev.pharos.model.ConfigChange.DeleteRoute;
import dev.pharos.model.ConfigChange.DeleteUpstream;
import dev.pharos.model.ConfigChange.PutRoute;
import dev.pharos.model.ConfigChange.PutUpstream;
import dev.pharos.model.ConfigChange.ReplaceAll;
import dev.pharos.model.ConfigRejection.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigSnapshotTest {

  private static final Upstream POOL = Upstream.of("pool", Target.of("10.0.0.1", 80));
  private static final Route WEB = Route.of("web", "web.example", "/", "pool");

  @Test
  void everyChangeMakesTheNextVersion() {
    ConfigSnapshot v1 = ConfigSnapshot.EMPTY.apply(new PutUpstream(POOL), Precondition.NONE);
    ConfigSnapshot v2 = v1.apply(new PutRoute(WEB), Precondition.NONE);
    ConfigSnapshot v3 = v2.apply(new DeleteRoute("web"), Precondition.NONE);

    assertThat(List.of(v1.version(), v2.version(), v3.version())).containsExactly(1L, 2L, 3L);
    assertThat(v2.routes()).containsKey("web");
    assertThat(v3.routes()).isEmpty();
    assertThat(v1.routes()).isEmpty();
  }

  @Test
  void routeNamingAMissingUpstreamIsAConflictOnItsUpstreamField() {
    assertThatThrownBy(() -> ConfigSnapshot.EMPTY.apply(new PutRoute(WEB), Precondition.NONE))
      .isInstanceOfSatisfying(ConfigRejection.class, e -> {
        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(e.errors()).containsExactly(new FieldError("upstream", "upstream 'pool' does not exist"));
      });
  }

  @Test
  void deletingAnUpstreamInUseIsAConflictNamingTheRoutes() {
    ConfigSnapshot table = withWeb();

    assertThatThrownBy(() -> table.apply(new DeleteUpstream("pool"), Precondition.NONE))
      .isInstanceOfSatisfying(ConfigRejection.class, e -> {
        assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
        assertThat(e.getMessage()).contains("'web'");
      });
  }

  @Test
  void deletingWhatDoesNotExistIsNotFound() {
    assertThatThrownBy(() -> ConfigSnapshot.EMPTY.apply(new DeleteRoute("ghost"), Precondition.NONE))
      .isInstanceOfSatisfying(ConfigRejection.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void ifMatchMustNameTheCurrentTag() {
    ConfigSnapshot table = withWeb();
    Route changed = Route.of("web", "web.example", "/v2", "pool");

    assertThat(table.apply(new PutRoute(changed), Precondition.ifMatch(WEB.etag())).routes().get("web"))
      .isEqualTo(changed);
    assertThatThrownBy(() -> table.apply(new PutRoute(changed), Precondition.ifMatch("\"stale\"")))
      .isInstanceOfSatisfying(ConfigRejection.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.PRECONDITION_FAILED));
    assertThatThrownBy(() -> table.apply(new PutRoute(Route.of("new", null, "/", "pool")), Precondition.ifMatch("*")))
      .isInstanceOf(ConfigRejection.class);
    assertThatThrownBy(() -> table.apply(new PutRoute(changed), new Precondition(null, "*")))
      .isInstanceOf(ConfigRejection.class);
  }

  @Test
  void replaceAllChecksTheWholeTableAndItsVersionTag() {
    ConfigSnapshot table = withWeb();

    ConfigSnapshot replaced = table.apply(new ReplaceAll(List.of(), List.of(POOL)), Precondition.ifMatch("\"v2\""));
    assertThat(replaced.routes()).isEmpty();
    assertThat(replaced.version()).isEqualTo(3);

    assertThatThrownBy(() -> table.apply(new ReplaceAll(List.of(WEB), List.of()), Precondition.NONE))
      .isInstanceOf(ConfigRejection.class);
    assertThatThrownBy(() -> table.apply(new ReplaceAll(List.of(), List.of(POOL, POOL)), Precondition.NONE))
      .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> table.apply(new ReplaceAll(List.of(), List.of()), Precondition.ifMatch("\"v1\"")))
      .isInstanceOf(ConfigRejection.class);
  }

  @Test
  void snapshotAndEventsSurviveTheirJsonForm() {
    ConfigSnapshot table = withWeb();

    assertThat(ConfigSnapshot.fromJson(table.toJson())).isEqualTo(table);
    ConfigEvent event = new ConfigEvent(3, new PutRoute(WEB));
    assertThat(ConfigEvent.fromJson(event.toJson())).isEqualTo(event);
    assertThat(ConfigEvent.fromJson(new ConfigEvent(4, null).toJson()).change()).isNull();
  }

  private static ConfigSnapshot withWeb() {
    return ConfigSnapshot.EMPTY.apply(new PutUpstream(POOL), Precondition.NONE)
      .apply(new PutRoute(WEB), Precondition.NONE);
  }
}
