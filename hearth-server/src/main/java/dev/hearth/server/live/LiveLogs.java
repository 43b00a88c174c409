package dev.hearth.server.live;

import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The log lines of the runs executing in this process, for live streaming. Each run's lines (already
 * masked by the engine) are kept in memory from its start to its end, so a subscriber gets every line
 * so far and then each new one, with no gap and no line twice; once a run ends its lines are in the
 * store and it is forgotten here. Thread-safe.
 */
public final class LiveLogs {
  /** One line as streamed: its number in the run (from 0), its job, step and stream, and text. */
  public record Line(int number, String jobId, String stepId, String stream, String text) {}

  /** Receives one run's lines in order, then {@link #ended} once. Called on the run's threads: must not block long. */
  public interface Subscriber {
    void line(Line line);

    void ended(String conclusion);
  }

  private final Map<Long, RunLines> runs = new ConcurrentHashMap<>();

  /** The listener that feeds run {@code runId}'s lines here. */
  public RunListener forRun(long runId) {
    RunLines lines = runs.computeIfAbsent(runId, id -> new RunLines());
    return event -> {
      switch (event) {
        case RunEvent.LogLine e -> lines.add(e.jobId(), e.stepId(), e.stream(), e.text());
        case RunEvent.RunFinished e -> {
          lines.end(e.result().githubName());
          runs.remove(runId, lines);
        }
        default -> { }
      }
    };
  }

  /**
   * Subscribes to run {@code runId} if it is executing here: {@code subscriber} gets its lines so far
   * at once, then the new ones. False (and nothing is called) when the run is not executing here.
   */
  public boolean subscribe(long runId, Subscriber subscriber) {
    RunLines lines = runs.get(runId);
    return lines != null && lines.subscribe(subscriber);
  }

  public void unsubscribe(long runId, Subscriber subscriber) {
    RunLines lines = runs.get(runId);
    if (lines != null) lines.unsubscribe(subscriber);
  }

  private static final class RunLines {
    private final List<Line> lines = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private boolean ended;

    synchronized void add(String job, String step, String stream, String text) {
      Line line = new Line(lines.size(), job, step, stream, text);
      lines.add(line);
      subscribers.forEach(s -> s.line(line));
    }

    synchronized void end(String conclusion) {
      ended = true;
      subscribers.forEach(s -> s.ended(conclusion));
      subscribers.clear();
      lines.clear();
    }

    synchronized boolean subscribe(Subscriber s) {
      if (ended) return false;
      lines.forEach(s::line);
      subscribers.add(s);
      return true;
    }

    synchronized void unsubscribe(Subscriber s) {
      subscribers.remove(s);
    }
  }

  /** A subscriber that hands lines to {@code sink} (tests). */
  public static Subscriber to(Consumer<Line> sink, Consumer<String> end) {
    return new Subscriber() {
      @Override
      public void line(Line line) {
        sink.accept(line);
      }

      @Override
      public void ended(String conclusion) {
        end.accept(conclusion);
      }
    };
  }
}
