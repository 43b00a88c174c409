package dev.hearth.vm.host;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads that carry a command's output and input: cached daemon platform threads shared by
 * every host VM of this process. Starting a platform thread costs a stack mapping and a handshake
 * with the new thread, several per exec, which showed up in the per-step cost; a cached thread
 * takes the next pump at once. Platform rather than virtual threads because a pump blocks in a
 * pipe read, which would pin a virtual thread's carrier. Unbounded: a pump detached from a
 * background process that keeps the pipe open holds its thread until the pipe closes, as a
 * thread of its own did before. Idle threads end after {@link #IDLE_SECONDS}.
 */
final class PumpThreads {
  static final long IDLE_SECONDS = 30;
  private static final AtomicLong COUNT = new AtomicLong();
  private static final Executor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS,
      new SynchronousQueue<>(), task -> Thread.ofPlatform().daemon().name("host-pump-" + COUNT.incrementAndGet()).unstarted(task));

  private PumpThreads() {}

  static void run(Runnable task) {
    POOL.execute(task);
  }
}
