package dev.hearth.cli;

import dev.hearth.vm.VmException;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.gvisor.GvisorVmProvider;
import dev.hearth.vm.host.HostVmProvider;
import dev.hearth.vm.microvm.MicrovmVmProvider;
import dev.hearth.vm.probe.Guard;
import dev.hearth.vm.probe.HostSupport;
import dev.hearth.vm.sandbox.SandboxVmProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The one place where VM providers are wired: each registered as an {@link Entry}, no classpath
 * scanning, no reflection. {@code auto} picks the strongest entry whose probe says it works here (and
 * that wants to be picked, see {@link Entry#autoWhen()}) and says which and why.
 *
 * <p>To add a provider, add one entry to {@link #ENTRIES}: its name, its strength (higher isolates
 * more: host 0, sandbox 1, gvisor 2, microvm 3), its cached probe and how to open it.
 */
final class Providers {
  /**
   * An opened provider and why it was chosen.
   *
   * @param why one short line: the provider, what it enforces, and which stronger ones {@code auto}
   *     passed over, in a few words each (the first line of {@code hearth run} and {@code hearth serve})
   * @param details the probes' full answers, one line a provider ({@code --verbose}; {@code hearth providers})
   */
  record Choice(VmProvider provider, String why, List<String> details) {
    Choice {
      details = List.copyOf(details);
    }
  }

  /** Opens a provider; may fail with a message for a person. */
  @FunctionalInterface
  interface Opener {
    VmProvider open() throws VmException;
  }

  /**
   * One registered provider.
   *
   * @param name what {@code --provider} takes
   * @param strength how much it isolates; {@code auto} prefers the highest that works
   * @param probe whether it works here and what it enforces; quick, cached per process
   * @param open makes the provider
   * @param autoWhen when {@code auto} may pick it, given its probe's answer (normally: when it works;
   *     a microvm provider: only when KVM runs guests, not under TCG)
   * @param notPicked why {@code auto} passes it over although it works, in a few words (when {@code
   *     autoWhen} can say no to a provider that works)
   */
  record Entry(String name, int strength, Supplier<HostSupport> probe, Opener open, Predicate<HostSupport> autoWhen,
      String notPicked) {
    Entry(String name, int strength, Supplier<HostSupport> probe, Opener open) {
      this(name, strength, probe, open, HostSupport::works, "auto does not pick it here");
    }
  }

  private static final Supplier<HostSupport> HOST = HostSupport.cached(() -> HostSupport.works(
      "plain processes of this user in a private work directory", Set.of(),
      List.of("no isolation: steps see the host's files, processes and network (trusted workflows only)")));

  /** Every provider, weakest first. */
  private static final List<Entry> ENTRIES = List.of(
      new Entry(HostVmProvider.NAME, 0, HOST, HostVmProvider::create),
      new Entry(SandboxVmProvider.NAME, 1, SandboxVmProvider::probe, SandboxVmProvider::create),
      // ptrace makes fork/exec-heavy steps ~18x slower: auto takes gvisor only where the sandbox does not work
      new Entry(GvisorVmProvider.NAME, 2, GvisorVmProvider::probe, GvisorVmProvider::create,
          gvisor -> gvisor.works() && !SandboxVmProvider.probe().works(), "slower than sandbox"),
      new Entry(MicrovmVmProvider.NAME, 3, MicrovmVmProvider.PROBE, MicrovmVmProvider::create, MicrovmVmProvider::runsOnKvm,
          "no usable KVM"));

  private Providers() {}

  static List<Entry> entries() {
    return ENTRIES;
  }

  /** The names a user may give {@code --provider}: {@code auto} and every registered provider. */
  static List<String> names() {
    List<String> names = new ArrayList<>();
    names.add("auto");
    ENTRIES.forEach(e -> names.add(e.name()));
    return names;
  }

  static boolean isKnown(String name) {
    return names().contains(name);
  }

  /** Opens the provider {@code name} (or the one {@code auto} picks); the caller closes it. */
  static Choice open(String name) {
    if (!isKnown(name)) {
      throw new IllegalArgumentException("unknown provider '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    if (name.equals("auto")) {
      Entry chosen = auto();
      List<Entry> stronger = ENTRIES.stream().filter(e -> e.strength() > chosen.strength())
          .sorted(Comparator.comparingInt(Entry::strength).reversed()).toList();
      List<String> details = new ArrayList<>();
      details.add(detail(chosen));
      stronger.forEach(e -> details.add(detail(e)));
      return new Choice(openEntry(chosen), "provider auto → " + chosen.name() + " (" + enforcement(chosen.probe().get()) + ")"
          + passedOver(stronger), details);
    }
    Entry entry = ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    HostSupport support = entry.probe().get();
    if (!support.works()) throw new IllegalStateException("provider " + name + " does not work on this host: " + support.why());
    return new Choice(openEntry(entry), "provider " + name + " (" + enforcement(support) + ")", List.of(detail(entry)));
  }

  /** {@code sandbox: bubblewrap 0.8.0 with …}: the probe's whole answer. */
  private static String detail(Entry entry) {
    return entry.name() + ": " + entry.probe().get().why();
  }

  /** The entry {@code auto} picks: the strongest that works and wants to be picked; host at least. */
  static Entry auto() {
    return ENTRIES.stream().sorted(Comparator.comparingInt(Entry::strength).reversed())
        .filter(e -> e.autoWhen().test(e.probe().get())).findFirst()
        .orElse(ENTRIES.get(0));
  }

  private static VmProvider openEntry(Entry entry) {
    try {
      return entry.open().open();
    } catch (VmException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** {@code enforces files, processes} or {@code enforces nothing}. */
  static String enforcement(HostSupport support) {
    if (support.enforced().isEmpty()) return "enforces nothing";
    return "enforces " + support.enforced().stream().sorted().map(Providers::lower).collect(Collectors.joining(", "));
  }

  private static String lower(Guard guard) {
    return guard.name().toLowerCase(Locale.ROOT);
  }

  /** Why the stronger entries were passed over, a few words each, for the auto line. */
  private static String passedOver(List<Entry> stronger) {
    if (stronger.isEmpty()) return "; the strongest registered provider";
    return stronger.stream().map(e -> "; not " + e.name() + ": " + (e.probe().get().works() ? e.notPicked() : "does not work here"))
        .collect(Collectors.joining());
  }

  /** What {@link #quotaLimits} leaves unsaid, printed under the quota table. */
  static final List<String> QUOTA_NOTES = List.of(
      "wall-time is enforced by Hearth itself on every provider: jobs still running are stopped as a timeout-minutes timeout",
      "disk: the microvm's workspace is a disk of exactly the quota's size (its /tmp and $HOME are not counted); the other providers get it in the VM spec but do not enforce it",
      "a quota a provider does not enforce is not refused: the run gets the VM without that limit");

  /**
   * Whether {@code support}'s provider enforces each run quota here, in the order vCPUs, memory, disk,
   * wall time, network policy: {@code yes}, {@code no}, or {@code -} when it does not work here.
   */
  static List<String> quotaLimits(HostSupport support) {
    if (!support.works()) return List.of("-", "-", "-", "-", "-");
    return List.of(yesNo(support.enforced().contains(Guard.CPU)), yesNo(support.enforced().contains(Guard.MEMORY)),
        yesNo(support.enforced().contains(Guard.DISK)),
        "yes", yesNo(support.enforced().contains(Guard.NETWORK)));
  }

  private static String yesNo(boolean b) {
    return b ? "yes" : "no";
  }

  /** The probe of {@code name}, when registered. */
  static Optional<HostSupport> support(String name) {
    return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst().map(e -> e.probe().get());
  }
}
