package dev.hearth.vm.pool;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.wrap.NotifyingVm;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VmProvider} that keeps {@link PoolSettings#size()} VMs of each configured {@link Shape}
 * booted and ready, made by the provider it wraps, so an allocation takes one instead of waiting for
 * a boot. Works the same over every provider (host, sandbox, gvisor, microvm): it only allocates,
 * execs a health check and releases.
 *
 * <ul>
 *   <li><b>Shapes</b> are configured, or learnt ({@link PoolSettings#learning}): a shape is kept warm
 *       from its first (cold) allocation on.
 *   <li><b>Allocation</b> takes a ready VM of the spec's shape in constant time (a queue poll; plus
 *       one {@code true} exec when the VM has been idle longer than {@link PoolSettings#recheckAfter}).
 *       When none is ready, or the shape is not one the pool keeps, it allocates cold from the wrapped
 *       provider and says so in a log line.
 *   <li><b>Refill</b> runs in the background, one virtual thread per shape, as soon as a VM is taken.
 *       Failures back off exponentially on the injected clock (see {@link PoolSettings}).
 *   <li><b>One run per VM.</b> A handed-out VM belongs to the caller; its release destroys it (it
 *       never returns to the pool) and the pool has already begun making its replacement.
 *   <li><b>Health.</b> Every VM passes a health check when it enters the pool and, if it has waited
 *       longer than {@code recheckAfter}, again when it is handed out; a VM that fails is released and
 *       replaced.
 *   <li><b>Log labels.</b> A pooled VM is made before anyone knows its run, so the wrapped provider
 *       logs it with {@code pool=<name>} only; the hand-out line ({@code vm=… handed out warm … log=…})
 *       ties the VM id to the run's labels, and every later line names the VM id.
 * </ul>
 *
 * <p>Thread-safe. Ownership: the pool owns the wrapped provider; {@link #close()} stops the refills,
 * releases every idle VM exactly once, then closes the wrapped provider (which releases VMs still
 * handed out).
 */
public final class WarmPool implements VmProvider {
  private static final Logger log = LoggerFactory.getLogger(WarmPool.class);
  /** How long {@link #close()} waits for a refill in progress to stop. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final VmProvider inner;
  private final Map<Shape, ShapePool> pools = new ConcurrentHashMap<>();
  private final PoolSettings settings;
  private final Clock clock;
  private final AtomicInteger inUse = new AtomicInteger();
  private final AtomicLong cold = new AtomicLong();
  private final java.util.concurrent.atomic.LongAdder warmNanos = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder coldNanos = new java.util.concurrent.atomic.LongAdder();
  private final AtomicLong version = new AtomicLong();
  private final Object changes = new Object();
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private WarmPool(VmProvider inner, PoolSettings settings, Clock clock) {
    this.inner = inner;
    this.settings = settings;
    this.clock = clock;
    if (settings.size() > 0) {
      for (Shape shape : settings.shapes()) pools.put(shape, newPool(shape));
    }
  }

  /** A pool over {@code inner} that starts filling at once. */
  public static WarmPool start(VmProvider inner, PoolSettings settings, Clock clock) {
    WarmPool pool = new WarmPool(inner, settings, clock);
    pool.pools.values().forEach(ShapePool::start);
    log.info("pool={} started size={} shapes={}", inner.name(), settings.size(), settings.shapes().size());
    return pool;
  }

  private ShapePool newPool(Shape shape) {
    return new ShapePool(inner.name(), shape, inner, settings, clock, this::changed);
  }

  /** The wrapped provider's name: a pool is how a provider is run, not another provider. */
  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
    if (closed.get()) throw new VmException("pool " + name() + " is closed; cannot allocate a VM for labels " + spec.labels());
    long start = System.nanoTime();
    Shape shape = Shape.of(spec);
    ShapePool pool = pools.get(shape);
    Optional<Vm> ready = pool == null ? Optional.empty() : pool.take();
    if (pool == null && settings.learnShapes() && settings.size() > 0) learn(shape);
    if (ready.isPresent()) {
      long took = System.nanoTime() - start;
      warmNanos.add(took);
      log.info("vm={} handed out warm pool={} log={} took={}us", ready.get().id(), name(), spec.logLabels(), took / 1_000);
      return handOut(ready.get());
    }
    log.info("pool={} {}; cold allocate for log={}", name(),
        pool == null ? "keeps no VMs of shape [" + Shape.of(spec) + "]" : "has no ready VM of this shape", spec.logLabels());
    cold.incrementAndGet();
    try {
      return handOut(inner.allocate(spec));
    } finally {
      coldNanos.add(System.nanoTime() - start);
    }
  }

  /** The time every warm allocation took so far, summed (with {@link PoolStats#warm()}: the mean take latency). */
  public long warmTakeNanos() {
    return warmNanos.sum();
  }

  /** The time every cold allocation took so far, summed, failed ones included. */
  public long coldTakeNanos() {
    return coldNanos.sum();
  }

  /** Starts keeping {@code shape} warm, unless another allocation already did or the pool closed. */
  private void learn(Shape shape) {
    ShapePool fresh = newPool(shape);
    if (pools.putIfAbsent(shape, fresh) != null) return;
    fresh.start();
    log.info("pool={} keeps {} VMs of shape [{}] warm from now on", name(), settings.size(), shape);
    if (closed.get()) fresh.close(CLOSE_WAIT); // close() may have missed it; closing twice is harmless
  }

  private Vm handOut(Vm vm) {
    inUse.incrementAndGet();
    changed();
    return new NotifyingVm(vm, () -> {
      inUse.decrementAndGet();
      changed();
    });
  }

  /** The work directories of every idle VM now: the pool's stock, not a leak (package-private, for tests). */
  java.util.List<String> idleWorkDirs() {
    return pools.values().stream().flatMap(p -> p.idleWorkDirs().stream()).toList();
  }

  /** The pool's figures now (summed over shapes). */
  public PoolStats stats() {
    PoolStats sum = new PoolStats(0, 0, 0, inUse.get(), 0, cold.get(), 0, 0);
    for (ShapePool p : pools.values()) sum = p.addTo(sum);
    return sum;
  }

  /** Waits until the pool's figures satisfy {@code condition}; false when {@code timeout} passes first. */
  public boolean awaitStats(Predicate<PoolStats> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen = version.get();
      if (condition.test(stats())) return true; // never under the monitor: stats() takes the shapes' locks
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      synchronized (changes) {
        if (version.get() == seen) changes.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Makes the fillers look again now, e.g. after a test moved the clock past a backoff. */
  void nudge() {
    pools.values().forEach(ShapePool::nudge);
  }

  /** How often the fillers have looked at their pools, summed. */
  long evaluations() {
    return pools.values().stream().mapToLong(ShapePool::evaluations).sum();
  }

  private void changed() {
    version.incrementAndGet();
    synchronized (changes) {
      changes.notifyAll();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    pools.values().forEach(p -> p.close(CLOSE_WAIT));
    inner.close();
    PoolStats s = stats();
    log.info("pool={} closed stats={} warmTakeMeanUs={} coldTakeMeanMs={}", name(), s,
        s.warm() == 0 ? "-" : warmNanos.sum() / s.warm() / 1_000, s.cold() == 0 ? "-" : coldNanos.sum() / s.cold() / 1_000_000);
  }
}
