package dev.hearth.engine;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Job-level {@code concurrency:} groups ({@code jobs.<id>.concurrency}), as GitHub documents them: in
 * a group at most one job leg runs and one is pending; a leg that arrives while another is pending
 * replaces it (the replaced one ends cancelled); with {@code cancel-in-progress: true} the arriving leg
 * also cancels the running one. Groups compare ignoring case and are shared by every workflow and run
 * of one repository. The executor calls {@link #enter} for a leg whose job has a group before the leg
 * allocates anything, and closes the {@link Hold} when the leg has ended.
 *
 * <p>{@link #NONE} (the default) admits every leg at once: no group is enforced. Implementations are
 * thread-safe: legs of many runs enter at once, each on its own thread.
 */
public interface JobGate {
  /**
   * How the message a gate cancels a running leg with ends ({@code cancelled by run 4 job deploy of
   * concurrency group 'prod' (cancel-in-progress)}), so that the executor says it in the run's log.
   */
  String CANCEL_IN_PROGRESS = "(cancel-in-progress)";

  /** Enforces nothing: every leg holds its group at once. */
  JobGate NONE = (ticket, cancellation, waiting) -> new Entry.Held(() -> { });

  /**
   * Waits until the leg described by {@code ticket} holds its group, or until it is refused: replaced
   * by a newer pending leg, or {@code cancellation} fired while it waited. Before it waits it calls
   * {@code waiting} once with the holder's name ({@code "run 3 job deploy"}). When the ticket cancels in
   * progress, the group's running leg is cancelled (through the cancellation it entered with, or, in a
   * fleet, by the host running it).
   *
   * @param cancellation the leg's own cancellation: cancelled when a newer leg cancels this one in progress
   * @throws InterruptedException when the thread is interrupted for another reason than {@code cancellation}
   */
  Entry enter(Ticket ticket, Cancellation cancellation, Consumer<String> waiting) throws InterruptedException;

  /**
   * One leg asking for a group.
   *
   * @param repository {@code owner/name}: groups are per repository
   * @param group the evaluated group name, as written (compared ignoring case)
   * @param cancelInProgress whether this leg cancels the group's running leg
   * @param runId the leg's run
   * @param legId the leg's id ({@code build (linux, 18)})
   */
  record Ticket(String repository, String group, boolean cancelInProgress, String runId, String legId) {
    public Ticket {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(legId, "legId");
    }

    /** The group as compared: lower-cased ({@link Locale#ROOT}). */
    public String groupKey() {
      return group.toLowerCase(Locale.ROOT);
    }

    /** How people are told who this is: {@code run 3 job deploy}. */
    public String holder() {
      return "run " + runId + " job " + legId;
    }
  }

  /** A held group; {@link #close} gives it to the pending leg, if any. Idempotent. */
  @FunctionalInterface
  interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /** How {@link #enter} ended. */
  sealed interface Entry {
    /** The leg holds its group and may run; close {@code hold} when it ends. */
    record Held(Hold hold) implements Entry {}

    /** The leg must not run; {@code why} says why ({@code replaced by run 4 job deploy, …}). */
    record Refused(String why) implements Entry {}
  }
}
