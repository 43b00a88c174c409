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
import java.util.HashSet;
import java.util.Set;

/** A warm pool over the host provider is a provider like any other: it passes the provider contract. */
class WarmPoolContractTest extends VmProviderContract {

  @Override
  protected VmProvider provider() {
    HostVmProvider host = HostVmProvider.create(hostTemp.resolve("vms"), Duration.ofSeconds(2));
    pool = WarmPool.start(host, PoolSettings.of(2, VmSpec.of(List.of("ubuntu-latest"), Map.of())), Clock.systemUTC());
    return pool;
  }

  private WarmPool pool;

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

  /**
   * What VMs handed out by the pool leave under the host provider's root. The pool's idle stock is
   * not a leak (it refills after every allocation), so once the pool has settled, the idle VMs'
   * directories are left out; after close there is no stock and everything counts.
   */
  @Override
  protected HostFootprint hostFootprint() throws InterruptedException {
    Path root = hostTemp.resolve("vms");
    pool.awaitStats(s -> s.refilling() == 0, Duration.ofSeconds(30));
    List<String> stock = pool.idleWorkDirs();
    Set<String> files = new HashSet<>();
    for (String f : HostFootprint.files(root)) {
      if (stock.stream().noneMatch(dir -> f.equals(dir) || f.startsWith(dir + "/"))) files.add(f);
    }
    return new HostFootprint(HostFootprint.processesWorkingUnder(root), Set.of(), files, Set.of());
  }
}
