package dev.pharos.edge.routing;

/**
 * The route table every request reads: one volatile reference to an immutable {@link RouteTable}, swapped whole when
 * a new config version is applied, so a request never sees half a change.
 */
public final class LiveRouteTable {

  private volatile RouteTable current = RouteTable.EMPTY;

  public RouteTable current() {
    return current;
  }

  public void swap(RouteTable table) {
    current = table;
  }
}
