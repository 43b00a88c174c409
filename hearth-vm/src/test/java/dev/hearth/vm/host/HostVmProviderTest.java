package dev.hearth.vm.host;

import dev.hearth.testing.HostFootprint;
import dev.hearth.testing.VmProviderContract;
import dev.hearth.vm.VmProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The host provider against the provider contract. It isolates neither files nor processes. */
class HostVmProviderTest extends VmProviderContract {

  @Override
  protected VmProvider provider() {
    return HostVmProvider.create(hostTemp.resolve("vms"), Duration.ofSeconds(2));
  }

  @Override
  protected boolean isolatesFiles() {
    return false;
  }

  @Override
  protected boolean isolatesProcesses() {
    return false;
  }

  @Override
  protected boolean isolatesHostNetwork() {
    return false;
  }

  /** The work directories under the provider's root and the processes working in them. */
  @Override
  protected HostFootprint hostFootprint() {
    Path root = hostTemp.resolve("vms");
    return new HostFootprint(HostFootprint.processesWorkingUnder(root), Set.of(), HostFootprint.files(root), Set.of());
  }
}
