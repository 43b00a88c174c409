package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void theFirstReasonWinsAndChildrenFollowTheirParent() {
    Cancellation parent = new Cancellation();
    Cancellation child = parent.child();

    parent.cancel(Cancellation.Reason.TIMED_OUT, "the job exceeded its timeout");
    parent.cancel(Cancellation.Reason.CANCELLED, "Ctrl-C");

    assertThat(parent.reason()).contains(Cancellation.Reason.TIMED_OUT);
    assertThat(child.reason()).contains(Cancellation.Reason.TIMED_OUT);
    assertThat(child.message()).contains("the job exceeded its timeout");
  }

  @Test
  void aChildCancelledAloneLeavesItsParentRunning() {
    Cancellation parent = new Cancellation();
    parent.child().cancel(Cancellation.Reason.CANCELLED, "fail-fast");

    assertThat(parent.isCancelled()).isFalse();
  }

  @Test
  void onCancelRunsOnceWhenCancelledOrAtOnceWhenAlreadyCancelled() {
    Cancellation c = new Cancellation();
    List<String> ran = new ArrayList<>();
    c.onCancel(() -> ran.add("before"));

    c.cancel(Cancellation.Reason.CANCELLED, "stop");
    c.cancel(Cancellation.Reason.CANCELLED, "again");
    c.onCancel(() -> ran.add("after"));

    assertThat(ran).containsExactly("before", "after");
  }

  @Test
  void cancellingInterruptsTheWorkInsideInterruptiblyAndNothingLeaksAfter() throws Exception {
    Cancellation c = new Cancellation();
    c.cancel(Cancellation.Reason.CANCELLED, "early");

    boolean interrupted = c.interruptibly(() -> Thread.currentThread().isInterrupted());

    assertThat(interrupted).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }
}
