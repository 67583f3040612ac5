package dev.pharos.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How an upstream spreads requests over its targets. */
public enum LoadBalancing {
  /** Each target in turn, in proportion to its weight. */
  ROUND_ROBIN("round-robin");

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
