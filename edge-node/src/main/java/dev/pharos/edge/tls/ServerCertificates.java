package dev.pharos.edge.tls;

import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;

import javax.net.ssl.KeyManagerFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The certificates the HTTPS listener serves, chosen by the server name a client indicates (SNI): a certificate whose
 * names include the server name exactly, else one with a wildcard {@code *.parent} for a name with one label more
 * than {@code parent} (RFC 6125 §6.4.3: the wildcard covers one label), else the default. Immutable: a change to the
 * folder makes a new set, which the listener uses for new connections.
 *
 * <p>When two pairs claim the same name, the first in alphabetical order of file name serves it.
 */
public final class ServerCertificates implements KeyCertOptions {

  /**
   * One {@code NAME.crt} + {@code NAME.key} pair.
   *
   * @param name      the file name without extension
   * @param hostNames the certificate's DNS names (subject alternative names, else its common name), lower case
   * @param keys      the pair's key and chain; kept wrapped so that BoringSSL may cache their native form
   */
  public record Pair(String name, List<String> hostNames, KeyManagerFactory keys) {

    public Pair {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(keys, "keys");
      hostNames = List.copyOf(hostNames);
      // Netty's BoringSSL engine reads a plain factory's key anew for every handshake, in case it changed: each full
      // handshake converted the private key to native form and rebuilt its RSA constants, a third of its CPU time. A
      // pair never changes (a changed file makes a new pair), so the native key may be kept. The JDK's engine reads
      // the same key managers through the wrapper.
      if (!(keys instanceof OpenSslCachingX509KeyManagerFactory)) {
        keys = new OpenSslCachingX509KeyManagerFactory(keys);
      }
    }
  }

  private final List<Pair> pairs;
  private final String defaultName;
  private final Pair fallback;
  private final Map<String, Pair> exact = new HashMap<>();
  private final Map<String, Pair> wildcard = new HashMap<>();

  /**
   * @param pairs       in alphabetical order of name; at least one
   * @param defaultName the pair served without SNI or for an unknown name; null or unknown picks the first pair
   */
  public ServerCertificates(List<Pair> pairs, String defaultName) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("pairs: empty (expected: at least one certificate)");
    }
    this.pairs = List.copyOf(pairs);
    this.defaultName = defaultName;
    this.fallback = pairs.stream().filter(p -> p.name().equals(defaultName)).findFirst().orElse(pairs.get(0));
    for (Pair pair : pairs) {
      for (String host : pair.hostNames()) {
        if (host.startsWith("*.")) {
          wildcard.putIfAbsent(host.substring(2), pair);
        } else {
          exact.putIfAbsent(host, pair);
        }
      }
    }
  }

  /** The pair that answers a client indicating {@code serverName}; the default when none names it. */
  public Pair forServerName(String serverName) {
    if (serverName == null) {
      return fallback;
    }
    String name = serverName.toLowerCase(Locale.ROOT);
    Pair pair = exact.get(name);
    if (pair == null) {
      int dot = name.indexOf('.');
      pair = dot > 0 ? wildcard.get(name.substring(dot + 1)) : null;
    }
    return pair == null ? fallback : pair;
  }

  public List<Pair> pairs() {
    return pairs;
  }

  /** The name of the pair configured as the default, as given; null when none was. */
  public String defaultName() {
    return defaultName;
  }

  /** The pair served to clients that indicate no name, or one no certificate has. */
  public Pair fallback() {
    return fallback;
  }

  @Override
  public KeyCertOptions copy() {
    return this;
  }

  @Override
  public KeyManagerFactory getKeyManagerFactory(Vertx vertx) {
    return fallback.keys();
  }

  @Override
  public Function<String, KeyManagerFactory> keyManagerFactoryMapper(Vertx vertx) {
    return serverName -> forServerName(serverName).keys();
  }
}
