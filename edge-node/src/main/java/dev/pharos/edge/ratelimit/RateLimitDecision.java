package dev.pharos.edge.ratelimit;

/**
 * The outcome of a route's rate limits for one request, with the headers the response carries
 * (draft-ietf-httpapi-ratelimit-headers, structured-field form).
 *
 * @param admitted          whether every limit had a token for the request
 * @param policy            the {@code RateLimit-Policy} value: each limit's quota {@code q} per window {@code w}
 *                          seconds
 * @param state             the {@code RateLimit} value: each limit's remaining {@code r} and seconds {@code t} until
 *                          its bucket is full again
 * @param retryAfterSeconds when refused, the {@code Retry-After} value: seconds until the refusing limit has a token
 *                          again; 0 when admitted
 */
public record RateLimitDecision(boolean admitted, String policy, String state, long retryAfterSeconds) {
}
