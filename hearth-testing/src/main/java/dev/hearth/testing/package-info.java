/**
 * Test support shared by Hearth's modules (use it in test scope).
 *
 * <ul>
 *   <li>{@link dev.hearth.testing.TestVmProvider}: a counting provider, either wrapping a real one
 *       ({@code TestVmProvider.delegatingTo(HostVmProvider.create(tempDir))}: commands really run) or
 *       scripted ({@code TestVmProvider.scripted(Behaviour.failWhenArgvContains("fail"))}: nothing
 *       runs). Assert on {@code allocations()}, {@code releases()}, {@code maxLiveVms()},
 *       {@code execs(vmId)}; inject faults with {@code failNextAllocate}, {@code hangNextAllocate},
 *       {@code failNextExec}, {@code failNextRelease}; wait with {@code await…}, never sleep.
 *   <li>{@link dev.hearth.testing.ManualClock}: a {@link java.time.Clock} tests advance.
 *   <li>{@link dev.hearth.testing.VmProviderContract}: the tests every VM provider must pass.
 *   <li>{@link dev.hearth.testing.RecordingSink}: an output sink that keeps lines and can be awaited.
 *   <li>{@link dev.hearth.testing.chaos.ChaosVmProvider}: wraps any provider and makes allocate, exec,
 *       copies and release fail, hang or lose the VM at seeded random; counts live VMs and hangs
 *       nothing rescued (the soak tests in hearth-engine use it).
 * </ul>
 */
package dev.hearth.testing;
