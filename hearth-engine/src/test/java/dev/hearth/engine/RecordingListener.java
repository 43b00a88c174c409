package dev.hearth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Records every event and checks the ordering contract of {@link RunListener}. Thread-safe. */
final class RecordingListener implements RunListener {
  private final List<RunEvent> events = new ArrayList<>();

  @Override
  public synchronized void on(RunEvent event) {
    events.add(event);
    notifyAll();
  }

  synchronized List<RunEvent> events() {
    return List.copyOf(events);
  }

  <T extends RunEvent> List<T> of(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Waits until an event of {@code type} arrives. */
  synchronized <T extends RunEvent> T await(Class<T> type) throws InterruptedException {
    while (true) {
      for (RunEvent e : events) if (type.isInstance(e)) return type.cast(e);
      wait();
    }
  }

  /** Lines Hearth itself wrote. */
  List<String> hearthLines() {
    return of(RunEvent.LogLine.class).stream().filter(l -> l.stream().equals("hearth")).map(RunEvent.LogLine::text)
        .toList();
  }

  /**
   * Every run queued has one finished, last; every job, step and VM started has exactly one
   * finished (released), after it; nothing of a run comes after its RunFinished.
   */
  synchronized void assertBalanced() {
    Map<String, Integer> open = new HashMap<>();
    Map<String, Boolean> runsFinished = new HashMap<>();
    for (RunEvent e : events) {
      assertThat(runsFinished.getOrDefault(e.runId(), false)).as("event after RunFinished: %s", e).isFalse();
      switch (e) {
        case RunEvent.RunQueued q -> open.merge("run " + q.runId(), 1, Integer::sum);
        case RunEvent.RunFinished f -> {
          close(open, "run " + f.runId(), e);
          runsFinished.put(f.runId(), true);
        }
        case RunEvent.RunStarted s -> open.merge("started " + s.runId(), 1, Integer::sum);
        case RunEvent.JobStarted j -> open.merge("job " + j.runId() + "/" + j.jobId(), 1, Integer::sum);
        case RunEvent.JobFinished j -> close(open, "job " + j.runId() + "/" + j.jobId(), e);
        case RunEvent.StepStarted s -> open.merge("step " + s.runId() + "/" + s.jobId() + "/" + s.stepId(), 1,
            Integer::sum);
        case RunEvent.StepFinished s -> close(open, "step " + s.runId() + "/" + s.jobId() + "/" + s.stepId(), e);
        case RunEvent.VmAllocated v -> open.merge("vm " + v.vmId(), 1, Integer::sum);
        case RunEvent.VmReleased v -> close(open, "vm " + v.vmId(), e);
        default -> { }
      }
      assertThat(open.values()).as("nothing starts twice (after %s)", e).allMatch(n -> n <= 1);
    }
    open.entrySet().removeIf(en -> en.getKey().startsWith("started ") || en.getValue() == 0);
    assertThat(open).as("started but never finished").isEmpty();
  }

  private static void close(Map<String, Integer> open, String key, RunEvent e) {
    assertThat(open.getOrDefault(key, 0)).as("%s finished without being started", e).isEqualTo(1);
    open.put(key, 0);
  }
}
