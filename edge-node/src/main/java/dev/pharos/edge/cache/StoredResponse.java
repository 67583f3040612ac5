package dev.pharos.edge.cache;

import dev.pharos.edge.cache.http.CacheControl;
import dev.pharos.edge.cache.http.Freshness;
import io.netty.buffer.Unpooled;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.util.List;
import java.util.Set;

/**
 * One stored response: one variant of a URL. Immutable and shared by every event loop of a node. The body is a view
 * of the bytes the entry was decoded from, so serving it never copies it on the heap. Its header map and caching
 * directives are built once, when it is decoded or made, not on every hit.
 */
public final class StoredResponse {

  private final String routeId;
  private final int status;
  private final List<String> headers;
  private final List<String> tags;
  private final List<String> varyNames;
  private final String secondaryKey;
  private final long requestTime;
  private final long responseTime;
  private final long initialAgeMs;
  private final long lifetimeMs;
  private final long keepUntil;
  private final byte[] data;
  private final int bodyOffset;
  private final int bodyLength;
  private final MultiMap headerMap;
  private final CacheControl cacheControl;
  private final Buffer body;
  private final StoredHead head;
  private final StoredHead hitHead;

  /**
   * @param headers      field names and values, alternating, as the origin sent them minus the fields never stored
   * @param tags         the origin's {@code Surrogate-Key} tags, for purges by tag
   * @param varyNames    the fields the response's {@code Vary} names, lower case and sorted
   * @param secondaryKey the request's key headers and Vary values this variant was stored for
   * @param requestTime  when the request that got the response was sent, epoch milliseconds
   * @param responseTime when the response (or the 304 that last refreshed it) was received
   * @param initialAgeMs its age when received (RFC 9111 §4.2.3 corrected_initial_age)
   * @param lifetimeMs   its freshness lifetime
   * @param keepUntil    when it is of no more use, even stale; the map entry's TTL ends at the latest of its variants'
   */
  public StoredResponse(String routeId, int status, List<String> headers, List<String> tags, List<String> varyNames,
                        String secondaryKey, long requestTime, long responseTime, long initialAgeMs, long lifetimeMs,
                        long keepUntil, byte[] data, int bodyOffset, int bodyLength) {
    this.routeId = routeId;
    this.status = status;
    this.headers = List.copyOf(headers);
    this.tags = List.copyOf(tags);
    this.varyNames = List.copyOf(varyNames);
    this.secondaryKey = secondaryKey;
    this.requestTime = requestTime;
    this.responseTime = responseTime;
    this.initialAgeMs = initialAgeMs;
    this.lifetimeMs = lifetimeMs;
    this.keepUntil = keepUntil;
    this.data = data;
    this.bodyOffset = bodyOffset;
    this.bodyLength = bodyLength;
    this.headerMap = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < this.headers.size(); i += 2) {
      headerMap.add(this.headers.get(i), this.headers.get(i + 1));
    }
    this.cacheControl = CacheControl.ofResponse(headerMap);
    this.body = BufferInternal.buffer(Unpooled.wrappedBuffer(data, bodyOffset, bodyLength));
    this.head = StoredHead.of(this.headers, Set.of());
    Set<String> noCacheFields = Set.copyOf(cacheControl.noCacheFields());
    this.hitHead = noCacheFields.isEmpty() ? head : StoredHead.of(this.headers, noCacheFields);
  }

  public String routeId() {
    return routeId;
  }

  public int status() {
    return status;
  }

  public List<String> headers() {
    return headers;
  }

  public List<String> tags() {
    return tags;
  }

  public List<String> varyNames() {
    return varyNames;
  }

  public String secondaryKey() {
    return secondaryKey;
  }

  public long requestTime() {
    return requestTime;
  }

  public long responseTime() {
    return responseTime;
  }

  public long initialAgeMs() {
    return initialAgeMs;
  }

  public long lifetimeMs() {
    return lifetimeMs;
  }

  public long keepUntil() {
    return keepUntil;
  }

  public byte[] data() {
    return data;
  }

  public int bodyOffset() {
    return bodyOffset;
  }

  public int bodyLength() {
    return bodyLength;
  }

  /** Its fields as one map shared by every reader (every event loop): to read only, never to change. */
  public MultiMap headerMap() {
    return headerMap;
  }

  /**
   * The body, a view of the stored bytes shared by every reader: Vert.x writes a slice of it, so it may go to many
   * responses at once. To read only.
   */
  public Buffer body() {
    return body;
  }

  /** Its fields, prepared to be written onto a response: all of them, as served after a revalidation. */
  public StoredHead head() {
    return head;
  }

  /**
   * Its fields as served without revalidation: without those a qualified {@code no-cache} names (RFC 9111
   * §5.2.2.4).
   */
  public StoredHead hitHead() {
    return hitHead;
  }

  public long ageMillis(long now) {
    return Freshness.currentAgeMillis(initialAgeMs, responseTime, now);
  }

  /** Its caching directives, as {@link CacheControl#ofResponse} reads them. */
  public CacheControl cacheControl() {
    return cacheControl;
  }

  /** Heap this response takes, roughly: its bytes and its header strings. */
  public long weight() {
    long weight = 128L + bodyLength;
    for (String header : headers) {
      weight += 40 + 2L * header.length();
    }
    return weight;
  }

  /** The same response with the headers and times a revalidation's 304 gave it. */
  public StoredResponse refreshed(List<String> newHeaders, long newRequestTime, long newResponseTime,
                                  long newInitialAgeMs, long newLifetimeMs, long newKeepUntil) {
    return new StoredResponse(routeId, status, newHeaders, tags, varyNames, secondaryKey, newRequestTime,
      newResponseTime, newInitialAgeMs, newLifetimeMs, newKeepUntil, data, bodyOffset, bodyLength);
  }
}
