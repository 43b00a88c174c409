package dev.hearth.vm.probe;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether a provider works on this host and what it enforces here: the answer of a provider's probe,
 * shown by {@code hearth providers} and used by {@code auto}.
 *
 * @param works true when the provider can allocate VMs on this host
 * @param why one line for a person: what was found ("bubblewrap 0.8.0 with user namespaces") or,
 *     when it does not work, why not ("bwrap not found on PATH: install the Debian package bubblewrap")
 * @param enforced the guards the provider keeps on this host (empty when it does not work)
 * @param notes one line each about guards it would keep elsewhere but not here, and why
 */
public record HostSupport(boolean works, String why, Set<Guard> enforced, List<String> notes) {
  public HostSupport {
    enforced = enforced.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enforced));
    notes = List.copyOf(notes);
  }

  public static HostSupport works(String why, Set<Guard> enforced, List<String> notes) {
    return new HostSupport(true, why, enforced, notes);
  }

  public static HostSupport broken(String why) {
    return new HostSupport(false, why, Set.of(), List.of());
  }

  /**
   * A probe that runs {@code probe} once, on first use, and answers from memory afterwards (probes
   * start processes; {@code hearth run} and {@code hearth providers} ask several times). Thread-safe.
   */
  public static Supplier<HostSupport> cached(Supplier<HostSupport> probe) {
    return new Supplier<>() {
      private HostSupport answer;

      @Override
      public synchronized HostSupport get() {
        if (answer == null) answer = probe.get();
        return answer;
      }
    };
  }
}
