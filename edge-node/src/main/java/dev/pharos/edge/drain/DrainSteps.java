package dev.pharos.edge.drain;

import io.vertx.core.Future;

import java.time.Duration;

/** What draining does to a node, step by step; {@link DrainSequence} decides when each step runs. */
public interface DrainSteps {

  /**
   * Reports the node not ready, on {@code /readyz} at once and then to the cluster, and makes each response sent from
   * now on carry {@code Connection: close} and close its connection.
   *
   * @param connectionTimeout how long such a connection may stay open for its response before it is cut
   * @return completes when the cluster has the report
   */
  Future<Void> announce(Duration connectionTimeout);

  /**
   * Closes the listener and the idle connections at once, and every other connection once its request in flight is
   * answered.
   *
   * @param timeout how long requests in flight may take; connections still open then are cut
   * @return completes when every connection is closed
   */
  Future<Void> stopAccepting(Duration timeout);

  /**
   * Leaves the cluster gracefully, so the node's partitions migrate to the other members, and closes what is left.
   * Called on the draining thread, never on an event loop.
   */
  Future<Void> leave();
}
