package dev.hearth.vm.microvm;

import dev.hearth.testing.HostFootprint;
import dev.hearth.testing.TestLocks;
import dev.hearth.testing.VmProviderContract;
import dev.hearth.vm.VmProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The microvm provider keeps the provider contract: under TCG here, under KVM where a probe boots a guest with it. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(TestLocks.MICROVM)
@ResourceLock(value = TestLocks.CHILD_PROCESSES, mode = ResourceAccessMode.READ)
@Timeout(600)
class MicrovmVmProviderContractTest extends VmProviderContract {

  @Override
  protected VmProvider provider() throws Exception {
    return TestImages.provider(hostTemp.resolve("vms"));
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

  @Override
  protected List<String> hostAliases() {
    return List.of("10.0.2.2");
  }

  /** QEMU processes, files and sockets under this test's runtime root. */
  @Override
  protected HostFootprint hostFootprint() {
    Path root = hostTemp.resolve("vms");
    return new HostFootprint(HostFootprint.processesMentioning(root.toString()), Set.of(), HostFootprint.files(root),
        HostFootprint.unixSockets(s -> s.startsWith(root.toString())));
  }
}
