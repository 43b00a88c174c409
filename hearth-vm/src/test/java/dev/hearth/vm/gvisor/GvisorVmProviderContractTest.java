package dev.hearth.vm.gvisor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.testing.HostFootprint;
import dev.hearth.testing.TestLocks;
import dev.hearth.testing.VmProviderContract;
import dev.hearth.vm.VmProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The gvisor provider against the provider contract: it isolates files, processes and the host's network. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(TestLocks.GVISOR)
@ResourceLock(value = TestLocks.CHILD_PROCESSES, mode = ResourceAccessMode.READ)
class GvisorVmProviderContractTest extends VmProviderContract {

  @BeforeAll
  static void needsRunscAndRoot() {
    assumeTrue(GvisorVmProvider.unavailability().isEmpty(),
        () -> "gvisor provider tests skipped: " + GvisorVmProvider.unavailability().orElse(""));
  }

  @Override
  protected VmProvider provider() throws Exception {
    return GvisorVmProvider.create(hostTemp.resolve("gvisor"), Duration.ofSeconds(2));
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

  /** slirp4netns's gateway, which leads to the host's loopback unless disabled. */
  @Override
  protected List<String> hostAliases() {
    return List.of("10.0.2.2");
  }

  /** The provider's state directory, the runsc and slirp4netns processes naming it, its sockets and mounts. */
  @Override
  protected HostFootprint hostFootprint() {
    Path root = hostTemp.resolve("gvisor").toAbsolutePath();
    Set<String> files = new HashSet<>(HostFootprint.files(root.resolve("vms")));
    files.addAll(HostFootprint.files(root.resolve("runsc")));
    return new HostFootprint(HostFootprint.processesMentioning(root.toString()),
        HostFootprint.mounts(m -> m.startsWith(root.toString())), files,
        HostFootprint.unixSockets(s -> s.contains(root.toString()) || s.contains("hearth-gvisor-")));
  }
}
