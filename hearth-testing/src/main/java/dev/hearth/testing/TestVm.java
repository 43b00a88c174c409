package dev.hearth.testing;

import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.ExecResult;
import dev.hearth.vm.OutputSink;
import dev.hearth.vm.Vm;
import dev.hearth.vm.VmException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A VM of a {@link TestVmProvider}: records what is done to it, then runs the provider's behaviour or
 * forwards to the real VM it wraps. Releasing it interrupts scripted execs still running, which then
 * fail with a {@link VmException}, as a real VM's execs do. Thread-safe; record-keeping fields are
 * guarded by the provider's lock.
 */
final class TestVm implements Vm {
  private final TestVmProvider provider;
  private final String id;
  private final Vm inner; // null when scripted
  private final List<ExecRequest> execs = new ArrayList<>();
  private final List<String> copies = new ArrayList<>();
  private final Set<Thread> running = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean released = new AtomicBoolean();
  private int closeCalls;

  TestVm(TestVmProvider provider, String id, Vm inner) {
    this.provider = provider;
    this.id = id;
    this.inner = inner;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String workDir() {
    return inner == null ? "/hearth-test/" + id : inner.workDir();
  }

  @Override
  public ExecResult exec(ExecRequest request, OutputSink output) throws VmException, InterruptedException {
    TestVmProvider.ExecPlan plan = provider.recordExec(this, request);
    if (plan.failure() != null) throw plan.failure();
    if (plan.behaviour() == null) return inner.exec(request, output);
    if (released.get()) throw new VmException("vm=" + id + ": released; cannot run " + request.argv().get(0));
    running.add(Thread.currentThread());
    try {
      return plan.behaviour().exec(id, request, output);
    } catch (InterruptedException e) {
      if (released.get()) throw new VmException("vm=" + id + ": released while running " + request.argv().get(0), e);
      throw e;
    } finally {
      running.remove(Thread.currentThread());
    }
  }

  @Override
  public void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    provider.recordCopy(this, "in " + hostSource + " -> " + guestPath);
    if (inner != null) inner.copyIn(hostSource, guestPath);
    else if (released.get()) throw new VmException("vm=" + id + ": released; cannot copy in " + hostSource);
  }

  @Override
  public void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    provider.recordCopy(this, "out " + guestPath + " -> " + hostTarget);
    if (inner != null) inner.copyOut(guestPath, hostTarget);
    else if (released.get()) throw new VmException("vm=" + id + ": released; cannot copy out " + guestPath);
  }

  @Override
  public void close() {
    boolean first = released.compareAndSet(false, true);
    if (first) {
      if (inner != null) inner.close();
      running.forEach(Thread::interrupt);
    }
    RuntimeException injected = provider.recordClose(this, first);
    if (injected != null) throw injected;
  }

  // --- record keeping, called under the provider's lock ---

  void addExec(ExecRequest request) {
    execs.add(request);
  }

  void addCopy(String copy) {
    copies.add(copy);
  }

  void addClose() {
    closeCalls++;
  }

  List<ExecRequest> execs() {
    return List.copyOf(execs);
  }

  List<String> copies() {
    return List.copyOf(copies);
  }

  int closeCalls() {
    return closeCalls;
  }
}
