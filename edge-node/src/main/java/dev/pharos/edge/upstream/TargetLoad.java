package dev.pharos.edge.upstream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This node's counts of requests to one target address, and of its failures in a row that passive health watches,
 * shared by every endpoint of the address.
 */
final class TargetLoad {

  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger pending = new AtomicInteger();
  /** Connect failures, resets and timeouts since the target last answered. */
  final AtomicInteger failuresInARow = new AtomicInteger();
  /** Answers with a 5xx status since the target last answered with another status. */
  final AtomicInteger serverErrorsInARow = new AtomicInteger();
  /** Whether an ejection of the target was refused (panic) and logged since it last answered or was ejected. */
  final AtomicBoolean ejectionRefused = new AtomicBoolean();

  boolean isIdle() {
    return inFlight.get() == 0 && pending.get() == 0;
  }
}
