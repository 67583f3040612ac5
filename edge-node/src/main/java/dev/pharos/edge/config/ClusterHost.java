package dev.pharos.edge.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.List;

/**
 * The address a member binds and announces, from {@code PHAROS_CLUSTER_HOST}: an IP address, a host name, or
 * {@code interface:NAME} for the first address (IPv4 first) of a network interface, such as a container's
 * {@code interface:eth0}, whose address is not known before the container starts.
 */
public final class ClusterHost {

  public static final String INTERFACE_PREFIX = "interface:";

  private ClusterHost() {
  }

  /**
   * Blocking: may ask DNS or the operating system. Call it off the event loops.
   *
   * @return an IP address literal
   * @throws IllegalArgumentException when the name does not resolve or the interface does not exist or has no address
   */
  public static String resolve(String spec) {
    if (spec.startsWith(INTERFACE_PREFIX)) {
      return interfaceAddress(spec.substring(INTERFACE_PREFIX.length()));
    }
    try {
      return InetAddress.getByName(spec).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(Setting.CLUSTER_HOST.env() + "=" + spec + ": the name does not resolve", e);
    }
  }

  private static String interfaceAddress(String name) {
    try {
      NetworkInterface nic = NetworkInterface.getByName(name);
      if (nic == null) {
        throw new IllegalArgumentException(Setting.CLUSTER_HOST.env() + "=" + INTERFACE_PREFIX + name
          + ": no such network interface (this machine has: " + interfaceNames() + ")");
      }
      List<InetAddress> addresses = Collections.list(nic.getInetAddresses());
      return addresses.stream().filter(a -> a instanceof Inet4Address).findFirst()
        .or(() -> addresses.stream().findFirst())
        .map(ClusterHost::withoutScope)
        .orElseThrow(() -> new IllegalArgumentException(Setting.CLUSTER_HOST.env() + "=" + INTERFACE_PREFIX + name
          + ": the interface has no address"));
    } catch (SocketException e) {
      throw new IllegalArgumentException(Setting.CLUSTER_HOST.env() + "=" + INTERFACE_PREFIX + name + ": "
        + e.getMessage(), e);
    }
  }

  private static String withoutScope(InetAddress address) {
    String literal = address.getHostAddress();
    int scope = literal.indexOf('%');
    return scope < 0 ? literal : literal.substring(0, scope);
  }

  private static String interfaceNames() throws SocketException {
    return String.join(", ", Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
      .map(NetworkInterface::getName).sorted().toList());
  }
}
