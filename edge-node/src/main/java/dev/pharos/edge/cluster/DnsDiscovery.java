package dev.pharos.edge.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hazelcast member discovery by one DNS name that resolves to every member's address (a Docker network alias, a
 * Kubernetes headless Service), each member listening on the same port. Hazelcast asks again whenever it looks for
 * members, at join and while searching for split clusters, so members that start later or come back with a new
 * address are found without a member list. The look-up runs on Hazelcast's own threads, never on an event loop, and
 * is subject to the JVM's DNS cache ({@code networkaddress.cache.ttl}, 30 s by default).
 */
public final class DnsDiscovery implements DiscoveryStrategyFactory {

  private final String name;
  private final int port;

  public DnsDiscovery(String name, int port) {
    this.name = name;
    this.port = port;
  }

  @Override
  public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
    return Strategy.class;
  }

  @Override
  public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode discoveryNode, ILogger logger,
                                                @SuppressWarnings("rawtypes") Map<String, Comparable> properties) {
    return new Strategy(name, port, logger, properties);
  }

  @Override
  public Collection<PropertyDefinition> getConfigurationProperties() {
    return List.of();
  }

  /** The members {@code name} names now; none (logged once per change) while it does not resolve. */
  static final class Strategy extends AbstractDiscoveryStrategy {

    private final String name;
    private final int port;
    // Only to log changes; Hazelcast asks from one joining or merge-searching thread at a time.
    private volatile Set<String> lastSeen = Set.of();

    Strategy(String name, int port, ILogger logger, @SuppressWarnings("rawtypes") Map<String, Comparable> properties) {
      super(logger, properties);
      this.name = name;
      this.port = port;
    }

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
      InetAddress[] found;
      try {
        found = InetAddress.getAllByName(name);
      } catch (UnknownHostException e) {
        noteChange(Set.of(), "cluster DNS name " + name + " does not resolve (yet)");
        return List.of();
      }
      Set<String> addresses = new TreeSet<>();
      Arrays.stream(found).forEach(a -> addresses.add(a.getHostAddress()));
      noteChange(addresses, "cluster DNS name " + name + " resolves to " + addresses + ", port " + port);
      return Arrays.stream(found).<DiscoveryNode>map(a -> new SimpleDiscoveryNode(new Address(a, port))).toList();
    }

    private void noteChange(Set<String> addresses, String message) {
      if (!addresses.equals(lastSeen)) {
        lastSeen = addresses;
        getLogger().info(message);
      }
    }
  }
}
