package dev.pharos.edge.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.logging.Logger;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DnsDiscoveryTest {

  @Test
  void everyAddressOfTheNameIsAMemberOnTheClusterPort() throws Exception {
    List<Address> found = discover("localhost", 5999);

    assertThat(found).isNotEmpty().allSatisfy(a -> assertThat(a.getPort()).isEqualTo(5999));
    assertThat(found).extracting(a -> a.getInetAddress().isLoopbackAddress()).containsOnly(true);
  }

  @Test
  void aNameThatDoesNotResolveGivesNoMembers() throws Exception {
    assertThat(discover("pharos-no-such-member.invalid", 5701)).isEmpty();
  }

  private static List<Address> discover(String name, int port) throws Exception {
    DiscoveryStrategy strategy = new DnsDiscovery(name, port).newDiscoveryStrategy(null,
      Logger.getLogger(DnsDiscoveryTest.class), Map.of());
    List<Address> addresses = new ArrayList<>();
    for (DiscoveryNode node : strategy.discoverNodes()) {
      addresses.add(node.getPrivateAddress());
    }
    return addresses;
  }
}
