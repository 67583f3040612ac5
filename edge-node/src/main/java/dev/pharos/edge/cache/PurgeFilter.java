package dev.pharos.edge.cache;

import com.hazelcast.query.Predicate;
import dev.pharos.admin.CachePurge;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * Which entries a purge removes, evaluated where each entry lives (the cluster map) and on each member's hot copies.
 * Keys are URLs ({@link CacheKey#url()}); tags and route ids are read from the entry. A prefix is an absolute URL
 * prefix, or a path prefix that applies on every host.
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
      case URL -> CacheKeys.canonicalUrl(purge.value());
      case PREFIX -> purge.value().startsWith("/") ? purge.value() : CacheKeys.canonicalUrl(purge.value());
      case TAG, ROUTE -> purge.value();
    };
    return new PurgeFilter(purge.kind(), value);
  }

  @Override
  public boolean apply(Map.Entry<String, byte[]> entry) {
    return switch (kind) {
      case URL -> urlMatches(entry.getKey());
      case PREFIX -> prefixMatches(entry.getKey());
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
      case PREFIX -> prefixMatches(url);
      case TAG -> entry.hasTag(value);
      case ROUTE -> value.equals(entry.routeId());
    };
  }

  /** An absolute prefix matches the start of the URL; a path prefix ({@code /...}) the start of its path. */
  private boolean prefixMatches(String url) {
    if (!value.startsWith("/")) {
      return url.startsWith(value);
    }
    int authority = url.indexOf("://");
    int path = authority < 0 ? -1 : url.indexOf('/', authority + 3);
    return path >= 0 && url.startsWith(value, path);
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
