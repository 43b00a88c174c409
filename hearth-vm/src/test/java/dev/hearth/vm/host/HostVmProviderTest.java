package dev.hearth.vm.host;

import dev.hearth.testing.VmProviderContract;
import dev.hearth.vm.VmProvider;
import java.time.Duration;

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
}
