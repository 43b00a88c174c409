package dev.hearth.vm.microvm;

import dev.hearth.testing.VmProviderContract;
import dev.hearth.vm.VmProvider;
import org.junit.jupiter.api.Timeout;

/** The microvm provider keeps the provider contract: under TCG here, under KVM where a probe boots a guest with it. */
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
}
