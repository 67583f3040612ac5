package dev.pharos.edge.cache;

import java.util.List;

/**
 * What the cache holds for one URL: its stored variants, newest first.
 *
 * @param weight roughly the heap the decoded entry takes, for the hot cache's bound
 */
public record CachedEntry(List<StoredResponse> variants, long weight) {

  public CachedEntry {
    variants = List.copyOf(variants);
  }

  static CachedEntry of(List<StoredResponse> variants) {
    return new CachedEntry(variants, variants.stream().mapToLong(StoredResponse::weight).sum());
  }

  /** The newest variant stored for {@code secondaryKey}, or null. */
  public StoredResponse variant(java.util.function.Predicate<StoredResponse> matches) {
    for (StoredResponse variant : variants) {
      if (matches.test(variant)) {
        return variant;
      }
    }
    return null;
  }

  String routeId() {
    return variants.isEmpty() ? null : variants.get(0).routeId();
  }

  boolean hasTag(String tag) {
    return variants.stream().anyMatch(v -> v.tags().contains(tag));
  }
}
