package dev.pharos.edge.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/** This node's counts of requests to one target address, shared by every endpoint of the address. */
final class TargetLoad {

  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger pending = new AtomicInteger();

  boolean isIdle() {
    return inFlight.get() == 0 && pending.get() == 0;
  }
}
