package dev.pharos.edge.metrics;

import dev.pharos.edge.cache.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.LongSupplier;

/** The cache's series: hits, misses and stale serves on this node, and the entries and bytes it holds. */
public final class CacheMeters {

  static final String HITS = "pharos.cache.hits";
  static final String MISSES = "pharos.cache.misses";
  static final String STALE = "pharos.cache.stale.serves";
  static final String ENTRIES = "pharos.cache.entries";
  static final String BYTES = "pharos.cache.bytes";

  private CacheMeters() {
  }

  /**
   * @param entries the entries whose primary copy this node holds, read at each scrape
   * @param bytes   the heap those entries take, read at each scrape
   */
  public static void register(MeterRegistry registry, CacheStats stats, LongSupplier entries, LongSupplier bytes) {
    FunctionCounter.builder(HITS, stats, CacheStats::hits)
      .description("Requests answered from the cache, fresh").register(registry);
    FunctionCounter.builder(MISSES, stats, CacheStats::misses)
      .description("Requests on caching routes the cache could not answer").register(registry);
    FunctionCounter.builder(STALE, stats, CacheStats::staleServes)
      .description("Requests answered with a stale stored response (max-stale, stale-while-revalidate, "
        + "stale-if-error)").register(registry);
    Gauge.builder(ENTRIES, entries::getAsLong)
      .description("Cache entries (URLs) whose primary copy this node holds").register(registry);
    Gauge.builder(BYTES, bytes::getAsLong).baseUnit("bytes")
      .description("Heap taken by the cache entries whose primary copy this node holds").register(registry);
  }
}
