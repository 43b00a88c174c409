package dev.hearth.vm.pool;

import dev.hearth.testing.HostFootprint;
import dev.hearth.testing.VmProviderContract;
import dev.hearth.vm.VmProvider;
import dev.hearth.vm.VmSpec;
import dev.hearth.vm.host.HostVmProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A warm pool over the host provider is a provider like any other: it passes the provider contract. */
class WarmPoolContractTest extends VmProviderContract {

  @Override
  protected VmProvider provider() {
    HostVmProvider host = HostVmProvider.create(hostTemp.resolve("vms"), Duration.ofSeconds(2));
    return WarmPool.start(host, PoolSettings.of(2, VmSpec.of(List.of("ubuntu-latest"), Map.of())), Clock.systemUTC());
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

  /** The pool's VMs (idle ones too) live under the host provider's root: nothing may stay after close. */
  @Override
  protected HostFootprint hostFootprint() {
    Path root = hostTemp.resolve("vms");
    return new HostFootprint(HostFootprint.processesWorkingUnder(root), Set.of(), HostFootprint.files(root), Set.of());
  }
}
