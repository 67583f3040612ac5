package dev.pharos.edge.ratelimit;

import dev.pharos.model.RateLimit;
import dev.pharos.model.RateLimitRule;

import java.util.List;

/**
 * The {@code RateLimit-Policy} and {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers: each a
 * structured-field List (RFC 9651) of one Item per limit, the item a String naming the policy with Integer parameters.
 * Policy names are restricted to letters, digits, '.', '_' and '-', so they need no escaping.
 *
 * <pre>
 *   RateLimit-Policy: "10-per-second";q=10;w=1, "hourly";q=1000;w=3600
 *   RateLimit: "10-per-second";r=7;t=1, "hourly";r=993;t=26
 * </pre>
 */
final class RateLimitHeaders {

  private RateLimitHeaders() {
  }

  static String policy(RateLimit rateLimit) {
    StringBuilder value = new StringBuilder();
    for (RateLimitRule rule : rateLimit.limits()) {
      if (!value.isEmpty()) {
        value.append(", ");
      }
      value.append('"').append(rule.name()).append("\";q=").append(rule.requests())
        .append(";w=").append(rule.per().duration.toSeconds());
    }
    return value.toString();
  }

  /**
   * @param remaining per rule, the tokens left; the seconds until a bucket is full again follow from it at the rule's
   *                  rate
   */
  static String state(List<RateLimitRule> rules, long[] remaining) {
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < rules.size(); i++) {
      RateLimitRule rule = rules.get(i);
      if (i > 0) {
        value.append(", ");
      }
      long missing = Math.max(0, rule.burst() - remaining[i]);
      long reset = (long) Math.ceil(missing / rule.ratePerSecond());
      value.append('"').append(rule.name()).append("\";r=").append(remaining[i]).append(";t=").append(reset);
    }
    return value.toString();
  }
}
