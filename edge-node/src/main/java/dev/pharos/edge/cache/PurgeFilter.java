package dev.pharos.edge.cache;

import com.hazelcast.query.Predicate;
import dev.pharos.admin.CachePurge;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * Which entries a purge removes, evaluated where each entry lives (the cluster map) and on each member's hot copies.
 * Keys are URLs ({@link CacheKey#url()}); tags and route ids are read from the entry.
 */
final class PurgeFilter implements Predicate<String, byte[]>, Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final CachePurge.Kind kind;
  private final String value;

  PurgeFilter(CachePurge.Kind kind, String value) {
    this.kind = kind;
    this.value = value;
  }

  static PurgeFilter of(CachePurge purge) {
    String value = switch (purge.kind()) {
      case URL, PREFIX -> CacheKeys.canonicalUrl(purge.value());
      case TAG, ROUTE -> purge.value();
    };
    return new PurgeFilter(purge.kind(), value);
  }

  @Override
  public boolean apply(Map.Entry<String, byte[]> entry) {
    return switch (kind) {
      case URL -> urlMatches(entry.getKey());
      case PREFIX -> entry.getKey().startsWith(value);
      case TAG -> {
        CachedEntry decoded = entry.getValue() == null ? null : decodes(entry.getValue());
        yield decoded != null && decoded.hasTag(value);
      }
      case ROUTE -> entry.getValue() != null && value.equals(EntryCodec.routeId(entry.getValue()));
    };
  }

  /** The same test on a node's decoded hot copy. */
  boolean matches(String url, CachedEntry entry) {
    return switch (kind) {
      case URL -> urlMatches(url);
      case PREFIX -> url.startsWith(value);
      case TAG -> entry.hasTag(value);
      case ROUTE -> value.equals(entry.routeId());
    };
  }

  private boolean urlMatches(String url) {
    return url.equals(value) || url.equals(CacheKeys.sortedQuery(value));
  }

  private static CachedEntry decodes(byte[] value) {
    try {
      return EntryCodec.decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
