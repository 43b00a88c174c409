package dev.hearth.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link JobGate} for the runs of one process ({@code hearth run} with several workflows): the groups
 * live in a map guarded by this object's monitor; a pending leg waits on it, interruptibly through
 * its cancellation. Thread-safe.
 */
public final class InProcessJobGate implements JobGate {
  private final Map<String, Group> groups = new HashMap<>(); // guarded by this

  private static final class Member {
    final Ticket ticket;
    final Cancellation cancellation;
    String refused; // set when replaced while pending

    Member(Ticket ticket, Cancellation cancellation) {
      this.ticket = ticket;
      this.cancellation = cancellation;
    }
  }

  private static final class Group {
    Member holder;
    Member pending;
  }

  @Override
  public Entry enter(Ticket ticket, Cancellation cancellation, Consumer<String> waiting) throws InterruptedException {
    if (cancellation.isCancelled()) return refused(cancellation);
    String key = ticket.repository() + "\n" + ticket.groupKey();
    Member me = new Member(ticket, cancellation);
    Member toCancel;
    String holder;
    synchronized (this) {
      Group g = groups.computeIfAbsent(key, k -> new Group());
      if (g.pending != null) {
        g.pending.refused = "replaced by " + ticket.holder() + ", pending in concurrency group '" + ticket.group() + "'";
        g.pending = null;
        notifyAll();
      }
      if (g.holder == null) {
        g.holder = me;
        return held(key, me);
      }
      g.pending = me;
      holder = g.holder.ticket.holder();
      toCancel = ticket.cancelInProgress() ? g.holder : null;
    }
    if (toCancel != null) {
      toCancel.cancellation.cancel(Cancellation.Reason.CANCELLED, "cancelled by " + ticket.holder()
          + " of concurrency group '" + ticket.group() + "' " + CANCEL_IN_PROGRESS);
    }
    waiting.accept(holder);
    return await(key, me);
  }

  private Entry await(String key, Member me) throws InterruptedException {
    try {
      return me.cancellation.interruptibly(() -> {
        synchronized (this) {
          while (true) {
            if (me.refused != null) return new Entry.Refused(me.refused);
            Group g = groups.get(key);
            if (g != null && g.holder == me) return held(key, me);
            wait();
          }
        }
      });
    } catch (InterruptedException e) {
      synchronized (this) {
        Group g = groups.get(key);
        if (g != null && g.pending == me) g.pending = null;
        if (g != null && g.holder == me) release(key, me); // promoted as the cancel came
      }
      if (me.cancellation.isCancelled()) return refused(me.cancellation);
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("waiting for concurrency group '" + me.ticket.group() + "' failed", e);
    }
  }

  private Entry.Held held(String key, Member me) {
    return new Entry.Held(() -> {
      synchronized (this) {
        release(key, me);
      }
    });
  }

  /** Gives the group to its pending leg; a no-op when {@code me} no longer holds it. Holds the monitor. */
  private void release(String key, Member me) {
    Group g = groups.get(key);
    if (g == null || g.holder != me) return;
    g.holder = g.pending;
    g.pending = null;
    if (g.holder == null) groups.remove(key);
    notifyAll();
  }

  private static Entry refused(Cancellation cancellation) {
    return new Entry.Refused(cancellation.message().orElse("cancelled") + " while waiting for its concurrency group");
  }
}
