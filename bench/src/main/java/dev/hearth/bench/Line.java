package dev.hearth.bench;

import java.util.List;

/**
 * One line of {@code bench/run}'s table: Hearth's figure beside the reference measured in the same
 * run (the same work without Hearth: a raw process, a bare {@code bwrap}, a bare QEMU boot, bare
 * {@code runsc}, raw SQLite inserts), their ratio, and the target.
 *
 * @param what what is measured, for a person
 * @param hearth the figure's name ({@code Class.method}, {@code [param]} for a parameterised one)
 * @param reference the reference figure's name, or null when nothing bare compares
 * @param referenceWhat what the reference is, for a person
 * @param provider the VM provider the line needs ({@code host}, {@code sandbox}, {@code gvisor},
 *     {@code microvm}), or null
 * @param target the key of {@link BenchMain#TARGETS} the line is judged by, or null
 * @param overReference true when the target bounds the figure minus the reference (an overhead),
 *     false when it bounds the figure itself
 */
record Line(String what, String hearth, String reference, String referenceWhat, String provider, String target,
    boolean overReference) {

  static Line of(String what, String hearth, String reference, String referenceWhat, String provider) {
    return new Line(what, hearth, reference, referenceWhat, provider, hearth, false);
  }

  static Line overhead(String what, String hearth, String reference, String referenceWhat, String provider,
      String target) {
    return new Line(what, hearth, reference, referenceWhat, provider, target, true);
  }

  private static final String BASH = "bash -c true started directly";

  /** The lines in table order; figures no line names get a line of their own after these. */
  static final List<Line> ALL = List.of(
      Line.overhead("step, host provider (1,000-step run)", "EngineBench.hostStep", "EngineBench.rawBashStep", BASH,
          "host", "EngineBench.stepOverhead"),
      Line.overhead("step CPU, host provider", "EngineBench.hostStepCpu", "EngineBench.rawBashStepCpu",
          BASH + ", CPU", "host", "EngineBench.stepCpuOverhead"),
      Line.of("step, host provider (20-step run)", "ProviderStepBench.step[host]", "ProviderStepBench.exec[host]",
          "bash -c true exec'd in the VM", "host"),
      Line.of("step, sandbox provider", "ProviderStepBench.step[sandbox]", "ProviderStepBench.exec[sandbox]",
          "bash -c true exec'd in the VM", "sandbox"),
      Line.of("step, gvisor provider", "ProviderStepBench.step[gvisor]", "ProviderStepBench.exec[gvisor]",
          "bash -c true exec'd in the VM", "gvisor"),
      Line.of("step, microvm provider", "ProviderStepBench.step[microvm]", "ProviderStepBench.exec[microvm]",
          "bash -c true exec'd in the VM", "microvm"),
      Line.of("cold allocation, host", "PoolBench.coldAllocate", "EngineBench.rawBashStep", BASH, "host"),
      Line.of("cold allocation to first command, sandbox", "SandboxBench.coldAllocateToFirstCommand",
          "SandboxBench.bareBwrapTrue", "bare bwrap running true", "sandbox"),
      Line.of("  … with outbound network (slirp4netns)", "SandboxBench.coldAllocateOutbound",
          "SandboxBench.bareBwrapTrue", "bare bwrap running true", "sandbox"),
      Line.of("cold allocation to first command, gvisor", "GvisorBench.coldAllocateNone",
          "GvisorBench.bareRunscDoTrue", "bare runsc do true", "gvisor"),
      Line.of("  … with outbound network", "GvisorBench.coldAllocateOutbound", "GvisorBench.bareRunscDoTrue",
          "bare runsc do true", "gvisor"),
      Line.of("cold allocation to first command, microvm", "MicrovmBench.coldAllocate", "MicrovmBench.bareQemuBoot",
          "bare QEMU boot, same kernel + initramfs", "microvm"),
      Line.of("warm-pool allocation, host", "PoolBench.warmAllocate", "PoolBench.coldAllocate",
          "cold allocation, host", "host"),
      Line.of("  … with a health check at hand-out", "PoolBench.warmAllocateChecked", "PoolBench.coldAllocate",
          "cold allocation, host", "host"),
      Line.of("warm-pool allocation, sandbox", "SandboxBench.warmAllocate", "SandboxBench.coldAllocateToFirstCommand",
          "cold allocation, sandbox", "sandbox"),
      Line.of("exec round trip, host", "ProviderStepBench.exec[host]", "EngineBench.rawBashStep", BASH, "host"),
      Line.of("exec round trip, sandbox", "SandboxBench.execRoundTrip", "SandboxBench.bareSpawnTrue",
          "/usr/bin/true spawned by the JVM", "sandbox"),
      Line.of("exec round trip, gvisor", "GvisorBench.execRoundTrip", null, null, "gvisor"),
      Line.of("exec round trip, microvm", "MicrovmBench.execRoundTrip", "MicrovmBench.pingRoundTrip",
          "the agent's PING/PONG", "microvm"),
      Line.of("  … QEMU CPU per exec (not inflated by load)", "MicrovmBench.execRoundTripQemuCpu",
          "MicrovmBench.pingRoundTrip", "the agent's PING/PONG", "microvm"),
      Line.of("webhook to first step (serve, host)", "ServeBench.webhookToFirstStep", "EngineBench.rawBashStep", BASH,
          "host"),
      Line.of("sustained webhook intake (serve, SQLite)", "ServeBench.intake", "SqliteBench.insert",
          "raw SQLite inserts, a transaction each", null),
      Line.of("control plane, whole runs (test provider)", "ControlPlaneBench.runs", "EngineBench.sessionOpenClose",
          "sessions opened + closed alone", null),
      Line.of("  … per CPU-second", "ControlPlaneBench.runsPerCpuSecond", null, null, null),
      Line.of("a step's progress under its lease, PostgreSQL", "FleetBench.progressFenced", "FleetBench.progressUnfenced",
          "the same writes without the lease check", null),
      Line.of("fleet: cancel across hosts (PostgreSQL notice)", "FleetNoticeBench.cancelAcrossHosts[notice]",
          "FleetNoticeBench.cancelAcrossHosts[polling]", "the owner's heartbeat alone (lease 15 s)", null),
      Line.of("fleet: queued on a full host → claimed by an idle one", "FleetNoticeBench.queueToClaim[notice]",
          "FleetNoticeBench.queueToClaim[polling]", "the queue loop's 500 ms poll alone", null),
      Line.of("session admit + allocate + release", "EngineBench.sessionOpenClose", null, null, null),
      Line.of("expression evaluation, simple if:", "ExpressionBench.simpleCondition", null, null, null),
      Line.of("expression evaluation, richer if:", "ExpressionBench.richerCondition", null, null, null),
      Line.of("parse + plan, 1,000 jobs / 10,000 steps", "PlanBench.parseAndPlan", "PlanBench.planOnly",
          "planning alone, parsed once", null),
      Line.of("memory, 100 concurrent sessions (host)", "MemoryProbe.rss100Sessions", "MemoryProbe.rssIdle",
          "the same JVM with no session", "host"),
      Line.overhead("job event to GitHub through the outbox (SQLite)", "ReportBench.eventToGitHub", "ReportBench.directPatch",
          "the same PATCH sent directly", null, "ReportBench.eventToGitHub"));
}
