package dev.hearth.vm.placement;

import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.wrap.NotifyingVm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link VmProvider} over several providers (or {@link dev.hearth.vm.pool.WarmPool pools}) that can
 * serve the same labels: each allocation goes to a member chosen by a {@link Placement} strategy
 * among those whose labels cover the spec's. When the chosen member fails to allocate, the next in
 * the strategy's order is tried, so one broken host does not fail runs others could take; the error
 * when all fail names every member and why.
 *
 * <p>The decision and the bookkeeping it reads (live VMs, last use, the round-robin turn) are made
 * under one lock, and a member's live count is raised before its allocation starts, so concurrent
 * allocations see each other's choices; the allocation itself runs outside the lock.
 *
 * <p>Thread-safe. Owns its members: {@link #close()} closes each once.
 */
public final class PlacedProvider implements VmProvider {
  private static final Logger log = LoggerFactory.getLogger(PlacedProvider.class);

  /** A member and what placement knows of it; guarded by the provider's lock. */
  private static final class Slot {
    final Member member;
    final int index;
    int live;
    long lastUsed; // the sequence number of its last choice; 0: never
    long allocations;
    long failures;

    Slot(Member member, int index) {
      this.member = member;
      this.index = index;
    }
  }

  private final String name;
  private final Placement placement;
  private final List<Slot> slots = new ArrayList<>();
  private final Object lock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();
  private long sequence; // guarded by lock
  private long turn; // guarded by lock

  /**
   * @param name the name users select this provider by
   * @param placement how to choose among members
   * @param members in preference order (ties go to the earlier one); at least one
   */
  public PlacedProvider(String name, Placement placement, List<Member> members) {
    if (members.isEmpty()) throw new IllegalArgumentException("provider " + name + ": placement needs at least one member");
    this.name = name;
    this.placement = placement;
    for (Member m : members) slots.add(new Slot(m, slots.size()));
  }

  @Override
  public String name() {
    return name;
  }

  public Placement placement() {
    return placement;
  }

  @Override
  public Vm allocate(VmSpec spec) throws VmException, InterruptedException {
    if (closed.get()) throw new VmException("provider " + name + " is closed; cannot allocate for labels " + spec.labels());
    List<Slot> order = order(spec);
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      Slot slot = order.get(i);
      if (i > 0) reserve(slot);
      try {
        Vm vm = slot.member.provider().allocate(spec);
        synchronized (lock) {
          slot.allocations++;
        }
        log.info("vm={} placed on member={} placement={} log={}", vm.id(), slot.member.name(), placement.configName(), spec.logLabels());
        return new NotifyingVm(vm, () -> release(slot));
      } catch (VmException | RuntimeException e) {
        synchronized (lock) {
          slot.live--;
          slot.failures++;
        }
        log.warn("provider {}: member {} could not allocate for labels {}{}: {}", name, slot.member.name(), spec.labels(),
            i + 1 < order.size() ? "; trying the next member" : "", e.getMessage());
        failures.add(slot.member.name() + ": " + e.getMessage());
      } catch (InterruptedException e) {
        release(slot);
        throw e;
      }
    }
    throw new VmException("provider " + name + ": no member could allocate a VM for labels " + spec.labels() + " ("
        + String.join("; ", failures) + ")");
  }

  /**
   * The members that serve {@code spec}, best first, with the first one already reserved (its live
   * count raised and its use recorded) so that concurrent allocations spread out.
   */
  private List<Slot> order(VmSpec spec) throws VmException {
    synchronized (lock) {
      List<Slot> serving = slots.stream().filter(s -> s.member.serves(spec.labels())).toList();
      if (serving.isEmpty()) {
        throw new VmException("provider " + name + ": no member serves labels " + spec.labels() + " (members: "
            + slots.stream().map(s -> s.member.toString()).toList() + ")");
      }
      List<Slot> order = new ArrayList<>(serving);
      switch (placement) {
        case ROUND_ROBIN -> {
          int start = (int) (turn++ % order.size());
          java.util.Collections.rotate(order, -start);
        }
        case LEAST_LOADED -> order.sort(Comparator.comparingInt((Slot s) -> s.live).thenComparingInt(s -> s.index));
        case LRU -> order.sort(Comparator.comparingLong((Slot s) -> s.lastUsed).thenComparingInt(s -> s.index));
      }
      reserve(order.getFirst());
      return order;
    }
  }

  private void reserve(Slot slot) {
    synchronized (lock) {
      slot.live++;
      slot.lastUsed = ++sequence;
    }
  }

  private void release(Slot slot) {
    synchronized (lock) {
      slot.live--;
    }
  }

  /** Each member's figures now, in member order. */
  public List<MemberLoad> load() {
    synchronized (lock) {
      return slots.stream().map(s -> new MemberLoad(s.member.name(), s.live, s.allocations, s.failures)).toList();
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    for (Slot s : slots) {
      try {
        s.member.provider().close();
      } catch (RuntimeException e) {
        log.warn("provider {}: member {} failed to close: {}", name, s.member.name(), e.toString());
      }
    }
  }
}
