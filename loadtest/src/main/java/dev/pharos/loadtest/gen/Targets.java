package dev.pharos.loadtest.gen;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The endpoints requests rotate over. Without re-resolution each target URL is one endpoint and the HTTP client
 * resolves its host. With it, each target's host name is resolved to all its addresses every period and requests
 * rotate over every address, as a client following DNS round-robin would; the URL (and so the Host header) keeps
 * the name.
 */
final class Targets implements AutoCloseable {

  /** Name resolution, replaceable in tests. */
  @FunctionalInterface
  interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;

    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
  }

  /**
   * Where one request goes: the URL to ask for, taken apart once rather than parsed for every request, and, after
   * re-resolution, the address to connect to.
   *
   * @param requestUri the URL's path and query, as sent in the request line
   */
  record Endpoint(URI uri, SocketAddress server, String host, int port, boolean ssl, String requestUri) {

    static Endpoint of(URI uri, SocketAddress server) {
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return new Endpoint(uri, server, uri.getHost(), Targets.port(uri), "https".equalsIgnoreCase(uri.getScheme()),
          uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }
  }

  private final List<URI> uris;
  private final Resolver resolver;
  private final AtomicLong next = new AtomicLong();
  private final ScheduledExecutorService timer;
  private volatile List<Endpoint> endpoints;

  Targets(List<URI> uris, Duration resolveEvery, Resolver resolver) throws UnknownHostException {
    this.uris = List.copyOf(uris);
    this.resolver = resolver;
    if (resolveEvery.isZero()) {
      endpoints = this.uris.stream().map(uri -> Endpoint.of(uri, null)).toList();
      timer = null;
      return;
    }
    endpoints = resolveAll();
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "resolve-targets");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::refresh, resolveEvery.toNanos(), resolveEvery.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  Endpoint next() {
    List<Endpoint> current = endpoints;
    return current.get((int) Math.floorMod(next.getAndIncrement(), (long) current.size()));
  }

  /** The endpoint after {@code failed} in the current list, so that a retry goes elsewhere whatever else is sent. */
  Endpoint after(Endpoint failed) {
    List<Endpoint> current = endpoints;
    int at = current.indexOf(failed);
    return at < 0 ? next() : current.get((at + 1) % current.size());
  }

  private void refresh() {
    try {
      endpoints = resolveAll();
    } catch (UnknownHostException e) {
      // Keep the last answer: a failed lookup is the resolver's outage, not a reason to stop sending.
      System.err.println("re-resolving targets failed, keeping the previous addresses: " + e.getMessage());
    }
  }

  private List<Endpoint> resolveAll() throws UnknownHostException {
    List<Endpoint> resolved = new ArrayList<>();
    for (URI uri : uris) {
      for (InetAddress address : resolver.resolve(uri.getHost())) {
        resolved.add(Endpoint.of(uri, SocketAddress.inetSocketAddress(port(uri), address.getHostAddress())));
      }
    }
    if (resolved.isEmpty()) {
      throw new UnknownHostException("no addresses for " + uris);
    }
    return List.copyOf(resolved);
  }

  private static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
