package dev.pharos.edge.proxy;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTest {

  @Test
  void allowsOneRetryInFlightWhateverTheShare() {
    RetryBudget budget = new RetryBudget();
    budget.requestStarted();

    assertThat(budget.tryRetry(0)).isTrue();
    assertThat(budget.tryRetry(100)).isFalse();
    budget.retryEnded();
    assertThat(budget.tryRetry(0)).isTrue();
  }

  @Test
  void allowsRetriesUpToTheShareOfRequestsInFlight() {
    RetryBudget budget = new RetryBudget();
    IntStream.range(0, 50).forEach(i -> budget.requestStarted());

    long granted = IntStream.range(0, 50).filter(i -> budget.tryRetry(20)).count();

    assertThat(granted).isEqualTo(10);
  }
}
