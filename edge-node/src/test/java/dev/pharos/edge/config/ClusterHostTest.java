package dev.pharos.edge.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterHostTest {

  @Test
  void anAddressStaysAsItIs() {
    assertThat(ClusterHost.resolve("127.0.0.5")).isEqualTo("127.0.0.5");
  }

  @Test
  void aHostNameBecomesItsAddress() {
    assertThat(ClusterHost.resolve("localhost")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
  }

  @Test
  void anInterfaceGivesItsIpv4AddressFirst() {
    assertThat(ClusterHost.resolve("interface:lo")).isEqualTo("127.0.0.1");
  }

  @Test
  void aMissingInterfaceIsNamedWithTheOnesThatExist() {
    assertThatThrownBy(() -> ClusterHost.resolve("interface:nope0"))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("PHAROS_CLUSTER_HOST=interface:nope0: no such network interface (this machine has: ")
      .hasMessageContaining("lo");
  }
}
