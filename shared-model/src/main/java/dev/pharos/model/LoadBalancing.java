package dev.pharos.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How an upstream spreads requests over its targets. Every policy leaves targets with weight 0 out. */
public enum LoadBalancing {
  /** Each target in turn, in proportion to its weight. */
  ROUND_ROBIN("round-robin"),
  /** The target with the fewest requests in flight from this node relative to its weight. */
  LEAST_REQUESTS("least-requests"),
  /** Two targets drawn at random in proportion to weight; the less loaded of the two. */
  RANDOM_TWO("random-two"),
  /** The target a key of the request hashes to ({@link HashOn}), the same on every node. */
  CONSISTENT_HASH("consistent-hash");

  private final String jsonName;

  LoadBalancing(String jsonName) {
    this.jsonName = jsonName;
  }

  public String jsonName() {
    return jsonName;
  }

  static Optional<LoadBalancing> fromJsonName(String name) {
    return Arrays.stream(values()).filter(v -> v.jsonName.equals(name)).findFirst();
  }

  static String allowed() {
    return Arrays.stream(values()).map(LoadBalancing::jsonName).collect(Collectors.joining(", "));
  }
}
