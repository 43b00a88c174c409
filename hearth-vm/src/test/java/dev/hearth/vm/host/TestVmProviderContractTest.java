package dev.hearth.vm.host;

import dev.hearth.testing.TestVmProvider;
import dev.hearth.testing.VmProviderContract;
import dev.hearth.vm.VmProvider;
import java.time.Duration;

/** The counting test provider, delegating to the host provider, keeps the contract too. */
class TestVmProviderContractTest extends VmProviderContract {

  @Override
  protected VmProvider provider() {
    return TestVmProvider.delegatingTo(HostVmProvider.create(hostTemp.resolve("vms"), Duration.ofSeconds(2)));
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
