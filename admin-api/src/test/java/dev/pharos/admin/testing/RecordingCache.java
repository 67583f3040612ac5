package dev.pharos.admin.testing;

import dev.pharos.admin.CacheAdmin;
import dev.pharos.admin.CachePurge;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link CacheAdmin} that records the purges it is given and answers each with a count the test sets. */
public final class RecordingCache implements CacheAdmin {

  private final List<CachePurge> purges = new CopyOnWriteArrayList<>();
  private volatile long answer;

  public List<CachePurge> purges() {
    return purges;
  }

  public void answer(long count) {
    answer = count;
  }

  @Override
  public Future<Long> purge(CachePurge purge) {
    purges.add(purge);
    return Future.succeededFuture(answer);
  }

  @Override
  public Future<JsonObject> stats() {
    return Future.succeededFuture(new JsonObject().put("cluster", new JsonObject().put("entries", answer)));
  }
}
