package dev.pharos.edge.ratelimit;

/** Told about every rate-limit decision, on the request's event loop. Must not block. */
@FunctionalInterface
public interface RateLimitObserver {

  RateLimitObserver NONE = (route, admitted) -> { };

  void decided(String routeId, boolean admitted);
}
