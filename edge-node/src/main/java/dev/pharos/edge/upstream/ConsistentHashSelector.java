package dev.pharos.edge.upstream;

import dev.pharos.model.HashOn;

/**
 * Sends every request with the same key (client IP, header or cookie, per {@link HashOn}) to the same target, on
 * every node, through a {@link MaglevTable}. A request without the key, or with an empty one, is balanced by the
 * fallback instead, rather than piling every keyless request onto the one target the empty key hashes to.
 */
final class ConsistentHashSelector implements TargetSelector {

  private final MaglevTable table;
  private final HashOn hashOn;
  private final TargetSelector fallback;

  ConsistentHashSelector(MaglevTable table, HashOn hashOn, TargetSelector fallback) {
    this.table = table;
    this.hashOn = hashOn;
    this.fallback = fallback;
  }

  @Override
  public Endpoint next(RequestFacts request) {
    String key = switch (hashOn.source()) {
      case IP -> request.clientIp();
      case HEADER -> request.header(hashOn.name());
      case COOKIE -> request.cookie(hashOn.name());
    };
    return key == null || key.isEmpty() ? fallback.next(request) : table.lookup(KeyHash.of(key));
  }
}
