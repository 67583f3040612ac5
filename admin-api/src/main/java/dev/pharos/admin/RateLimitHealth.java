package dev.pharos.admin;

import io.vertx.core.json.JsonObject;

/**
 * How a node enforces cluster-wide rate limits now: with the whole cluster, or, when it sees fewer members than
 * expected, with its side's share of every limit.
 *
 * @param membersVisible  members this node sees, itself included
 * @param membersExpected members the cluster normally has
 * @param share           fraction of each limit this side admits, {@code min(1, visible / expected)}
 * @param keysTracked     keys this node counts locally now
 * @param syncFailures    syncs with key owners that failed since the node started
 */
public record RateLimitHealth(int membersVisible, int membersExpected, double share, int keysTracked,
                              long syncFailures) {

  /** What a node without a rate limiter reports. */
  public static final RateLimitHealth NONE = new RateLimitHealth(1, 1, 1.0, 0, 0);

  public boolean partitioned() {
    return membersVisible < membersExpected;
  }

  JsonObject toJson() {
    return new JsonObject()
      .put("enforcement", partitioned() ? "partitioned-share" : "cluster")
      .put("membersVisible", membersVisible)
      .put("membersExpected", membersExpected)
      .put("share", share)
      .put("keysTracked", keysTracked)
      .put("syncFailures", syncFailures);
  }
}
