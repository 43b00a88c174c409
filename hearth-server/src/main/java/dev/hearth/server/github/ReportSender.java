package dev.hearth.server.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.server.store.OutboxRow;
import dev.hearth.server.store.ReportChange;
import dev.hearth.server.store.ReportDestination;
import dev.hearth.server.store.ReportOutbox;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends this host's claimed rows of the report outbox to GitHub, in order: {@link #drain} right after
 * the host executing a run appended its changes (the happy path: no added wait), {@link #sweep} for
 * rows any host left unsent (its host died, or stopped before they went out), from a daemon thread
 * ({@link #start}). A row GitHub refuses, or that still fails after the client's retries, is marked
 * with what went wrong and the next goes ahead, as before the outbox: one bad call never blocks a
 * check run. Before creating a check run that may already exist (its create was sent before and its
 * id never recorded) it is looked for by its {@code external_id}. Thread-safe.
 */
public final class ReportSender implements AutoCloseable {
  static final String CONTEXT_PREFIX = "hearth / ";
  private static final Logger LOG = LoggerFactory.getLogger(ReportSender.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RUNS_PER_SWEEP = 16;

  private final ReportOutbox outbox;
  private final CheckRuns checkRuns;
  private final CommitStatuses statuses;
  private final String host;
  private final Duration claim;
  private final Clock clock;
  private volatile boolean closed;
  private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param host this host's id (claims are its)
   * @param claim how long a claim lasts without a row being sent (then another host may send the rows)
   */
  public ReportSender(ReportOutbox outbox, CheckRuns checkRuns, CommitStatuses statuses, String host, Duration claim,
      Clock clock) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.checkRuns = Objects.requireNonNull(checkRuns, "checkRuns");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.host = Objects.requireNonNull(host, "host");
    this.claim = Objects.requireNonNull(claim, "claim");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public String host() {
    return host;
  }

  ReportOutbox outbox() {
    return outbox;
  }

  /** Sends the unsent changes of run {@code runId}, unless another sender holds them (it sends them). */
  public void drain(long runId) throws InterruptedException {
    Instant now = clock.instant();
    send(outbox.claimRun(runId, host, now.plus(claim), now));
  }

  /** Sends what no sender holds and no live lease covers; returns how many changes it handled. */
  public int sweep() throws InterruptedException {
    int handled = 0;
    for (int round = 0; round < 64; round++) {
      Instant now = clock.instant();
      List<OutboxRow> rows = outbox.claimLeft(host, RUNS_PER_SWEEP, now.plus(claim), now);
      if (rows.isEmpty()) break;
      LOG.info("host={} sending {} report(s) to GitHub left unsent for run(s) {}", host, rows.size(),
          rows.stream().map(OutboxRow::runId).distinct().toList());
      send(rows);
      handled += rows.size();
    }
    return handled;
  }

  /**
   * Starts, after giving up the claims this host's previous process held (it is gone): renewing this
   * host's claims every {@code every} (so a slow GitHub call is not taken over while this host lives),
   * and sweeping every {@code every}, each on a daemon thread of its own.
   */
  public void start(Duration every) {
    int released = outbox.release(host);
    if (released > 0) LOG.info("host={} {} report(s) to GitHub its previous process claimed are sent again", host, released);
    threads.add(Thread.ofPlatform().name("hearth-report-claims").daemon().start(() -> repeat(every, "renewing its report claims",
        () -> outbox.renew(host, clock.instant().plus(claim)))));
    threads.add(Thread.ofPlatform().name("hearth-report-sweeper").daemon().start(() -> repeat(every,
        "sending reports left unsent", this::sweep)));
  }

  /** One round of background work. */
  @FunctionalInterface
  private interface Round {
    void run() throws InterruptedException;
  }

  private void repeat(Duration every, String what, Round round) {
    while (!closed) {
      try {
        round.run();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("host={} {} failed (tried again in {} ms): {}", host, what, every.toMillis(), e.getMessage());
      }
      try {
        Thread.sleep(every);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Stops sweeping and gives up this host's claims on rows not sent: they stay in the store for any host. */
  @Override
  public void close() {
    closed = true;
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      outbox.release(host);
    } catch (RuntimeException e) {
      LOG.warn("host={} could not give up its report claims (they expire in {} s): {}", host, claim.toSeconds(),
          e.getMessage());
    }
  }

  private void send(List<OutboxRow> rows) throws InterruptedException {
    Map<String, Long> ids = new HashMap<>();
    for (OutboxRow row : rows) {
      String failure = null;
      try {
        sendOne(row, ids);
      } catch (GitHubApiException e) {
        failure = e.getMessage();
      } catch (RuntimeException e) {
        failure = e.toString();
      }
      if (failure != null) {
        LOG.warn("run={} job={}: reporting it {} to GitHub failed: {}", row.runId(), row.change().leg(),
            row.change().status(), failure);
      }
      Instant now = clock.instant();
      if (!outbox.sent(row, failure, now, now.plus(claim))) {
        LOG.warn("host={} run={}: its reports were taken over by another host (this one held them past its claim)", host,
            row.runId());
        return;
      }
    }
  }

  private void sendOne(OutboxRow row, Map<String, Long> ids) throws GitHubApiException, InterruptedException {
    ReportDestination d = row.destination();
    GitHubRepo repo = GitHubRepo.parse(d.repository());
    if (d.kind().equals(ReportDestination.STATUS)) {
      statuses.create(repo, d.installationId(), d.sha(), status(row));
      return;
    }
    String key = row.runId() + "/" + row.change().leg();
    Long id = ids.getOrDefault(key, row.checkRunId());
    CheckRunFields fields = fields(row.change(), d, null);
    if (id == null && row.mayExist()) {
      id = checkRuns.find(repo, d.installationId(), d.sha(), row.change().name(), row.externalId()).orElse(null);
      if (id != null) {
        LOG.info("run={} job={}: check run {} exists already (its id was not recorded): updating it, not creating another",
            row.runId(), row.change().leg(), id);
        outbox.checkRunCreated(row.runId(), row.change().leg(), id);
      }
    }
    if (id == null) {
      id = checkRuns.create(repo, d.installationId(), fields(row.change(), d, row.externalId()));
      outbox.checkRunCreated(row.runId(), row.change().leg(), id);
    } else {
      checkRuns.update(repo, d.installationId(), id, fields);
    }
    ids.put(key, id);
  }

  /** The check run fields of {@code change}; {@code externalId} non-null: for creating it. */
  static CheckRunFields fields(ReportChange change, ReportDestination d, String externalId) {
    boolean create = externalId != null;
    CheckRunFields.Status status = CheckRunFields.Status.valueOf(change.status().toUpperCase(Locale.ROOT));
    CheckRunFields.Conclusion conclusion = change.conclusion() == null ? null
        : CheckRunFields.Conclusion.valueOf(change.conclusion().toUpperCase(Locale.ROOT));
    CheckRunOutput output = change.title() == null || change.summary() == null ? null
        : new CheckRunOutput(change.title(), change.summary(), null, annotations(change.annotations()));
    return new CheckRunFields(change.name(), create ? d.sha() : null, status, conclusion, change.startedAt(),
        change.completedAt(), d.detailsUrl(), externalId, output);
  }

  /** The commit status of {@code row}: pending while queued or running, then by conclusion. */
  static CommitStatus status(OutboxRow row) {
    ReportChange c = row.change();
    CommitStatus.State state = switch (c.status()) {
      case ReportChange.COMPLETED -> switch (c.conclusion() == null ? "failure" : c.conclusion()) {
        case "success", "skipped", "neutral" -> CommitStatus.State.SUCCESS;
        case "cancelled" -> CommitStatus.State.ERROR;
        default -> CommitStatus.State.FAILURE;
      };
      default -> CommitStatus.State.PENDING;
    };
    String description = c.title() != null ? c.title() : c.status().equals(ReportChange.QUEUED) ? "Queued" : "Running";
    return new CommitStatus(state, CONTEXT_PREFIX + c.name(), description, row.destination().detailsUrl());
  }

  private static List<CheckAnnotation> annotations(String json) {
    if (json == null || json.isBlank()) return List.of();
    try {
      List<CheckAnnotation> out = new ArrayList<>();
      for (JsonNode a : JSON.readTree(json)) out.add(CheckAnnotation.fromJson(a));
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("the stored annotations are not JSON: " + e.getMessage(), e);
    }
  }
}
