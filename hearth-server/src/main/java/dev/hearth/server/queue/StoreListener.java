package dev.hearth.server.queue;

import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.server.store.Progress;
import dev.hearth.server.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Records one run's progress in the store: its VM's lifecycle, the run going from queued to running
 * to finished, its jobs and steps, and its log lines (already masked by the engine) in chunks,
 * written when a step ends or 200 lines have gathered. Thread-safe (jobs of one run may report from
 * several threads). A run that ends before it started because the server is stopping goes back to
 * the queue, for this host after its restart or for another one.
 */
final class StoreListener implements RunListener {
  private static final int FLUSH_LINES = 200;

  private final Store store;
  private final long runId;
  private final String host;
  private final java.util.function.BooleanSupplier stopping;
  private final List<Progress.LogChunk> pending = new ArrayList<>();
  private int lines;
  private boolean started;
  private StringBuilder chunk;
  private String chunkJob;
  private String chunkStep;
  private String chunkStream;
  private int chunkFirst;
  private int chunkCount;

  /** @param host the host executing the run: it owns its VMs, and only its lease lets it finish the run */
  StoreListener(Store store, long runId, String host, java.util.function.BooleanSupplier stopping) {
    this.store = store;
    this.runId = runId;
    this.host = host;
    this.stopping = stopping;
  }

  @Override
  public synchronized void on(RunEvent event) {
    Progress p = store.progress();
    switch (event) {
      case RunEvent.VmAllocated e -> {
        started = true;
        p.vmAllocated(runId, e.vmId(), e.provider(), host, e.at());
      }
      case RunEvent.RunStarted e -> started = true; // running since this host claimed it
      case RunEvent.JobStarted e -> p.jobStarted(runId, e.jobId(), e.jobName(), e.vmId(), e.at());
      case RunEvent.StepStarted e -> p.stepStarted(runId, e.jobId(), e.stepId(), e.stepName(), e.at());
      case RunEvent.LogLine e -> log(e);
      case RunEvent.StepFinished e -> {
        flush(e.at());
        p.stepFinished(runId, e.jobId(), e.stepId(), e.outcome().githubName(), e.conclusion().githubName(), e.at());
      }
      case RunEvent.JobFinished e -> {
        flush(e.at());
        p.jobFinished(runId, e.jobId(), e.result().githubName(), e.at());
      }
      case RunEvent.VmReleased e -> p.vmReleased(e.vmId(), e.at());
      case RunEvent.RunFinished e -> {
        flush(e.at());
        if (!started && stopping.getAsBoolean()) {
          store.fleet().release(runId, host);
          return;
        }
        store.finishRun(runId, e.result().githubName(), null, host, e.at());
      }
      default -> { }
    }
  }

  private void log(RunEvent.LogLine e) {
    boolean same = chunk != null && java.util.Objects.equals(chunkJob, e.jobId())
        && java.util.Objects.equals(chunkStep, e.stepId()) && chunkStream.equals(e.stream());
    if (!same) {
      close();
      chunk = new StringBuilder();
      chunkJob = e.jobId();
      chunkStep = e.stepId();
      chunkStream = e.stream();
      chunkFirst = lines;
      chunkCount = 0;
    } else {
      chunk.append('\n');
    }
    chunk.append(e.text());
    chunkCount++;
    lines++;
    if (lines - pendingFrom() >= FLUSH_LINES) flush(e.at());
  }

  private int pendingFrom() {
    return pending.isEmpty() ? (chunk == null ? lines : chunkFirst) : pending.getFirst().firstLine();
  }

  private void close() {
    if (chunk != null && chunkCount > 0) {
      pending.add(new Progress.LogChunk(runId, chunkJob, chunkStep, chunkStream, chunkFirst, chunkCount, chunk.toString()));
    }
    chunk = null;
  }

  private void flush(java.time.Instant at) {
    close();
    store.progress().appendLogs(List.copyOf(pending), at);
    pending.clear();
  }
}
