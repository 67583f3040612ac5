package dev.pharos.edge.drain;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainSequenceTest {

  private static final Duration TIMEOUT = DrainSequence.LEAVE_ALLOWANCE.plusSeconds(10);

  @Test
  void announcesThenStopsAcceptingThenLeaves() {
    RecordingSteps steps = new RecordingSteps();

    boolean drained = new DrainSequence(steps, Duration.ZERO, TIMEOUT).run();

    assertThat(drained).isTrue();
    assertThat(steps.calls).containsExactly("announce", "stopAccepting", "leave");
  }

  @Test
  void requestsInFlightMayRunUntilTheLeaveAllowanceBeginsAndNoLonger() {
    RecordingSteps steps = new RecordingSteps();

    new DrainSequence(steps, Duration.ZERO, TIMEOUT).run();

    Duration requestBudget = TIMEOUT.minus(DrainSequence.LEAVE_ALLOWANCE);
    assertThat(steps.connectionTimeout).isPositive().isLessThanOrEqualTo(requestBudget);
    assertThat(steps.stopAcceptingTimeout).isPositive().isLessThanOrEqualTo(steps.connectionTimeout);
  }

  @Test
  void leavesTheClusterEvenWhenItCannotBeToldOfTheDrain() {
    RecordingSteps steps = new RecordingSteps();
    steps.announced = Future.failedFuture("cluster unreachable");

    boolean drained = new DrainSequence(steps, Duration.ZERO, TIMEOUT).run();

    assertThat(drained).isTrue();
    assertThat(steps.calls).containsExactly("announce", "stopAccepting", "leave");
  }

  @Test
  void cutsRequestsThatOutlastTheTimeoutAndStillLeaves() {
    RecordingSteps steps = new RecordingSteps();
    steps.stopped = Promise.<Void>promise().future();

    boolean drained = new DrainSequence(steps, Duration.ZERO, DrainSequence.LEAVE_ALLOWANCE.plusMillis(50)).run();

    assertThat(drained).isFalse();
    assertThat(steps.calls).containsExactly("announce", "stopAccepting", "leave");
  }

  @Test
  void refusesATimeoutWithNoRoomToLeaveAfterTheGrace() {
    assertThatThrownBy(() -> new DrainSequence(new RecordingSteps(), Duration.ofSeconds(5), Duration.ofSeconds(9)))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageContaining("timeout: 9000 ms (expected: >= grace + 5000 ms)");
  }

  private static final class RecordingSteps implements DrainSteps {

    final List<String> calls = new CopyOnWriteArrayList<>();
    Future<Void> announced = Future.succeededFuture();
    Future<Void> stopped = Future.succeededFuture();
    Duration connectionTimeout;
    Duration stopAcceptingTimeout;

    @Override
    public Future<Void> announce(Duration connectionTimeout) {
      calls.add("announce");
      this.connectionTimeout = connectionTimeout;
      return announced;
    }

    @Override
    public Future<Void> stopAccepting(Duration timeout) {
      calls.add("stopAccepting");
      stopAcceptingTimeout = timeout;
      return stopped;
    }

    @Override
    public Future<Void> leave() {
      calls.add("leave");
      return Future.succeededFuture();
    }
  }
}
