package dev.pharos.admin;

import dev.pharos.model.ConfigSnapshot;
import dev.pharos.model.MemberStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.List;

/** The cluster as the admin API sees it: every member, and whether it has applied the current config version. */
final class ClusterHandler {

  private final ConfigStore store;
  private final ClusterView cluster;

  ClusterHandler(ConfigStore store, ClusterView cluster) {
    this.store = store;
    this.cluster = cluster;
  }

  Future<JsonObject> members() {
    return Future.all(store.snapshot(), cluster.members()).map(all -> {
      long version = all.<ConfigSnapshot>resultAt(0).version();
      List<MemberStatus> members = all.resultAt(1);
      JsonArray membersJson = new JsonArray();
      members.stream()
        .sorted(Comparator.comparing(MemberStatus::nodeName))
        .forEach(m -> membersJson.add(m.toJson().put("upToDate", m.appliedVersion() >= version)));
      return new JsonObject().put("version", version).put("members", membersJson);
    });
  }
}
