package dev.pharos.edge.store;

import dev.pharos.admin.StoreUnavailableException;
import dev.pharos.model.ConfigChange;
import dev.pharos.model.ConfigSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Optional;
import java.util.logging.Logger;

/**
 * Offers this member's start-up table to the cluster: the snapshot on its disk, or else the routes and upstreams of
 * its YAML file as version 1. The store takes it only while the cluster has no table or a lower seed, so after a full
 * restart the highest version on any member's disk wins, and the YAML file never overrides a written table. Writes
 * need the quorum, so the offer is retried until enough members have joined.
 */
public final class ConfigSeeder {

  private static final Logger LOG = Logger.getLogger(ConfigSeeder.class.getName());
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final HazelcastConfigStore store;
  private volatile boolean stopped;

  public ConfigSeeder(Vertx vertx, HazelcastConfigStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /**
   * Parses the YAML seed now, so a bad file stops the node at start-up with every problem listed.
   *
   * @throws dev.pharos.model.ValidationException or {@link dev.pharos.model.ConfigRejection}
   */
  public static Optional<ConfigSnapshot> parseSeed(JsonObject seed) {
    if (seed == null) {
      return Optional.empty();
    }
    ConfigChange.ReplaceAll table = ConfigSnapshot.parseTable(seed);
    return Optional.of(ConfigSnapshot.of(1, table.routes(), table.upstreams()));
  }

  /** Completes when the candidate was offered successfully (taken or not), retrying while the quorum is missing. */
  public Future<Boolean> offer(ConfigSnapshot candidate) {
    Promise<Boolean> done = Promise.promise();
    attempt(candidate, done);
    return done.future();
  }

  public void stop() {
    stopped = true;
  }

  private void attempt(ConfigSnapshot candidate, Promise<Boolean> done) {
    store.seed(candidate).onComplete(ar -> {
      if (ar.succeeded()) {
        done.complete(ar.result());
      } else if (stopped) {
        done.fail(ar.cause());
      } else {
        if (ar.cause() instanceof StoreUnavailableException) {
          LOG.info("waiting for a quorum to offer config version " + candidate.version() + ": "
            + ar.cause().getMessage());
        } else {
          LOG.warning("cannot offer config version " + candidate.version() + ": " + ar.cause());
        }
        vertx.setTimer(RETRY_MS, t -> attempt(candidate, done));
      }
    });
  }
}
