package dev.pharos.edge.proxy;

import io.netty.util.NetUtil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client addresses whose forwarding headers the edge keeps: proxies in front of it that say who their own client
 * was. Immutable.
 */
public final class TrustedProxies {

  /** Trusts no one: every client's forwarding headers are replaced. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

  private final List<Block> blocks;
  private final List<String> cidrs;

  private TrustedProxies(List<Block> blocks, List<String> cidrs) {
    this.blocks = blocks;
    this.cidrs = cidrs;
  }

  /**
   * @param cidrs IPv4 or IPv6 addresses, each with an optional {@code /prefix}; never host names, so parsing never
   *              looks a name up
   * @throws IllegalArgumentException naming the first entry that is not such an address or block
   */
  public static TrustedProxies of(List<String> cidrs) {
    List<Block> blocks = new ArrayList<>();
    for (String cidr : cidrs) {
      blocks.add(Block.parse(cidr));
    }
    return new TrustedProxies(List.copyOf(blocks), List.copyOf(cidrs));
  }

  /** Whether {@code address}, an IP address literal, lies in one of the blocks; false for anything else. */
  boolean trusts(String address) {
    if (blocks.isEmpty() || address == null) {
      return false;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return false;
    }
    for (Block block : blocks) {
      if (block.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  /** The blocks as given. */
  public List<String> cidrs() {
    return cidrs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrustedProxies other && cidrs.equals(other.cidrs);
  }

  @Override
  public int hashCode() {
    return cidrs.hashCode();
  }

  @Override
  public String toString() {
    return cidrs.toString();
  }

  private record Block(byte[] network, int prefix) {

    static Block parse(String cidr) {
      int slash = cidr.indexOf('/');
      byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? cidr : cidr.substring(0, slash));
      if (network == null) {
        throw invalid(cidr);
      }
      int bits = network.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw invalid(cidr);
        }
        if (prefix < 0 || prefix > bits) {
          throw invalid(cidr);
        }
      }
      return new Block(network, prefix);
    }

    private static IllegalArgumentException invalid(String cidr) {
      return new IllegalArgumentException("'" + cidr + "' (expected: an IPv4 or IPv6 address, optionally /prefix)");
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
        return false;
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest);
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }
}
