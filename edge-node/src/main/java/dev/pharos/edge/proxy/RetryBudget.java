package dev.pharos.edge.proxy;

/**
 * Bounds retries so that they cannot multiply an outage: retries in flight may be at most a share of the requests in
 * flight, and at least one, so that a lone request may still retry. One per event loop, like the stage that holds it,
 * and touched only on that loop: the share holds on each loop, and so on the whole node.
 */
final class RetryBudget {

  // Owned by the event loop.
  private int requests;
  private int retries;

  void requestStarted() {
    requests++;
  }

  void requestEnded() {
    requests--;
  }

  /** Takes one retry if the budget allows it; whoever got it calls {@link #retryEnded()} when the retry ends. */
  boolean tryRetry(int budgetPercent) {
    if (retries >= Math.max(1, (long) requests * budgetPercent / 100)) {
      return false;
    }
    retries++;
    return true;
  }

  void retryEnded() {
    retries--;
  }
}
