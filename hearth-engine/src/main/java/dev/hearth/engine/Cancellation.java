package dev.hearth.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A signal that work should stop: a user's Ctrl-C or API call, a timeout, or fail-fast. Cancelling
 * interrupts every thread currently inside {@link #interruptibly}, so a blocking {@code Vm.exec}
 * kills its process tree and returns. Children are cancelled with their parent. Thread-safe.
 */
public final class Cancellation {
  /** Why work was stopped: a timeout fails a step or job, anything else cancels it. */
  public enum Reason { CANCELLED, TIMED_OUT }

  private final List<Cancellation> children = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Runnable> callbacks = new ArrayList<>();
  private Reason reason;
  private String message;


  /** A cancellation that is cancelled when this one is (and may be cancelled on its own). */
  public synchronized Cancellation child() {
    Cancellation child = new Cancellation();
    if (reason != null) child.cancel(reason, message);
    else children.add(child);
    return child;
  }

  /** Cancels (the first reason wins) and interrupts the threads working under it and its children. */
  public void cancel(Reason why, String what) {
    List<Cancellation> kids;
    List<Runnable> actions;
    synchronized (this) {
      if (reason != null) return;
      reason = why;
      message = what;
      threads.forEach(Thread::interrupt);
      kids = List.copyOf(children);
      actions = List.copyOf(callbacks);
      callbacks.clear();
    }
    kids.forEach(c -> c.cancel(why, what));
    actions.forEach(Runnable::run);
  }

  /**
   * Runs {@code action} once this is cancelled: at once (on this thread) when it already is, else on
   * the thread that cancels, after the threads inside {@link #interruptibly} were interrupted. The
   * action must be quick and must not throw.
   */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (reason == null) {
        callbacks.add(action);
        return;
      }
    }
    action.run();
  }

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  public synchronized Optional<Reason> reason() {
    return Optional.ofNullable(reason);
  }

  /** What a person is told: "cancelled by Ctrl-C", "exceeded the job timeout of 5 minutes", … */
  public synchronized Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /**
   * Runs {@code body} on this thread so that a {@link #cancel} meanwhile interrupts it. If already
   * cancelled, the thread is interrupted before the body starts.
   */
  public <T> T interruptibly(Callable<T> body) throws Exception {
    Thread me = Thread.currentThread();
    synchronized (this) {
      threads.add(me);
      if (reason != null) me.interrupt();
    }
    try {
      return body.call();
    } finally {
      synchronized (this) {
        threads.remove(me);
      }
      if (isCancelled()) Thread.interrupted(); // a cancel that raced the end must not leak into later work
    }
  }
}
