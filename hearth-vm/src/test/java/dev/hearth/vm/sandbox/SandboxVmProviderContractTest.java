package dev.hearth.vm.sandbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.testing.HostFootprint;
import dev.hearth.testing.TestLocks;
import dev.hearth.testing.VmProviderContract;
import dev.hearth.vm.VmProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The sandbox provider against the provider contract: it isolates files, processes and the host's
 * network. Its footprint is every child process of this JVM, so no concurrent class runs beside it;
 * it runs last, so the classes before it need not wait for the concurrent ones to end.
 */
@ResourceLock(TestLocks.CHILD_PROCESSES)
@Order(Integer.MAX_VALUE)
class SandboxVmProviderContractTest extends VmProviderContract {

  @BeforeAll
  static void needsBubblewrap() {
    assumeTrue(SandboxVmProvider.probe().works(), "sandbox provider cannot run here: " + SandboxVmProvider.probe().why());
  }

  @Override
  protected VmProvider provider() throws Exception {
    return SandboxVmProvider.create(hostTemp.resolve("sandboxes"), Duration.ofSeconds(1));
  }

  @Override
  protected boolean isolatesFiles() {
    return true;
  }

  @Override
  protected boolean isolatesProcesses() {
    return true;
  }

  @Override
  protected boolean isolatesHostNetwork() {
    return true;
  }

  /** The VMs' directories, every descendant of this JVM (bwrap, slirp4netns, nsenter, the guests), mounts and sockets naming the root. */
  @Override
  protected HostFootprint hostFootprint() {
    Path root = hostTemp.resolve("sandboxes");
    Set<String> processes = new HashSet<>();
    ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .forEach(p -> processes.add("pid " + p.pid() + " " + p.info().commandLine().orElse("?")));
    return new HostFootprint(processes, HostFootprint.mounts(m -> m.startsWith(root.toString())),
        HostFootprint.files(root), HostFootprint.unixSockets(s -> s.contains(root.toString())));
  }
}
