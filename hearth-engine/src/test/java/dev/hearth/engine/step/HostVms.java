package dev.hearth.engine.step;

import dev.hearth.vm.VmProvider;
import dev.hearth.vm.host.HostVmProvider;
import java.nio.file.Path;

/** The real host VM provider for these tests: the neighbour of the thing under test, never a mock. */
final class HostVms {
  private HostVms() {}

  static VmProvider provider(Path root) {
    return HostVmProvider.create(root);
  }
}
