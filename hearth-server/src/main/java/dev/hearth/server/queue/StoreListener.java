package dev.hearth.server.queue;

import dev.hearth.engine.RunEvent;
import dev.hearth.engine.RunListener;
import dev.hearth.server.store.LeasedProgress;
import dev.hearth.server.store.Progress;
import dev.hearth.server.store.RunLease;
import dev.hearth.server.store.Store;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one run's progress in the store: its VM's lifecycle, the run going from queued to running
 * to finished, its jobs and steps, and its log lines (already masked by the engine) in chunks,
 * written when a step ends or 200 lines have gathered. Thread-safe (jobs of one run may report from
 * several threads). A run that ends before it started because the server is stopping goes back to
 * the queue, for this host after its restart or for another one.
 *
 * <p>Fenced: every write but the VM records is made under the run's {@link RunLease} and dropped by the
 * store once this host no longer holds it; after the first dropped write (logged once) or once this
 * host fenced the run itself ({@link RunFence}), nothing more of the run is sent to the store.
 */
final class StoreListener implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger(StoreListener.class);
  private static final int FLUSH_LINES = 200;

  private final Store store;
  private final long runId;
  private final String host;
  private final LeasedProgress writes;
  private final RunFence fence;
  private final java.util.function.BooleanSupplier stopping;
  private final PendingVmReleases releases;
  private boolean dropping;
  private final List<Progress.LogChunk> pending = new ArrayList<>();
  private int lines;
  private boolean started;
  private StringBuilder chunk;
  private String chunkJob;
  private String chunkStep;
  private String chunkStream;
  private int chunkFirst;
  private int chunkCount;

  /**
   * @param lease the host executing the run and its attempt: the host owns its VMs, and only its lease
   *     lets it record the run's progress
   * @param fence set when the host stops the run because it lost or cannot keep its lease
   * @param releases where VM releases the store could not take wait for it to answer again
   */
  StoreListener(Store store, RunLease lease, RunFence fence, java.util.function.BooleanSupplier stopping,
      PendingVmReleases releases) {
    this.store = store;
    this.runId = lease.runId();
    this.host = lease.owner();
    this.writes = store.progress().under(lease);
    this.fence = fence;
    this.stopping = stopping;
    this.releases = releases;
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
      case RunEvent.JobStarted e -> write(() -> writes.jobStarted(e.jobId(), e.jobName(), e.vmId(), e.at()));
      case RunEvent.StepStarted e -> write(() -> writes.stepStarted(e.jobId(), e.stepId(), e.stepName(), e.at()));
      case RunEvent.LogLine e -> log(e);
      case RunEvent.StepFinished e -> {
        flush(e.at());
        write(() -> writes.stepFinished(e.jobId(), e.stepId(), e.outcome().githubName(), e.conclusion().githubName(), e.at()));
      }
      case RunEvent.JobFinished e -> {
        flush(e.at());
        write(() -> writes.jobFinished(e.jobId(), e.result().githubName(), e.at()));
      }
      case RunEvent.VmReleased e -> releases.released(p, e.vmId(), e.at());
      case RunEvent.RunFinished e -> {
        flush(e.at());
        if (!started && stopping.getAsBoolean() && !fence.fenced()) {
          store.fleet().release(runId, host);
          return;
        }
        write(() -> writes.finishRun(e.result().githubName(), null, e.at()));
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
    List<Progress.LogChunk> chunks = List.copyOf(pending);
    pending.clear();
    if (!chunks.isEmpty()) write(() -> writes.appendLogs(chunks, at));
  }

  /** Makes one fenced write, unless the run's writes are dropped already; logs the first one dropped. */
  private void write(java.util.function.BooleanSupplier recorded) {
    if (dropping) return;
    if (fence.fenced()) {
      dropping = true;
      LOG.info("{} stopped here ({}): its progress from here on is not recorded", writes.lease(), fence.reason());
      return;
    }
    if (!recorded.getAsBoolean()) {
      dropping = true;
      LOG.warn("{} no longer holds the run's lease (it was taken over, queued again or finished elsewhere): its progress "
          + "from here on is dropped, not recorded", writes.lease());
    }
  }
}
