package dev.hearth.vm.microvm;

import dev.hearth.vm.microvm.image.ImageException;
import dev.hearth.vm.microvm.image.ImageRecipe;
import dev.hearth.vm.microvm.image.ImageStore;
import dev.hearth.vm.probe.Guard;
import dev.hearth.vm.probe.HostSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Whether the microvm provider works here, and with which accelerator. Missing programs make it
 * broken (naming the Debian package); KVM is decided by booting the default image under KVM when
 * that image is built (a probe never builds an image), else reported as not probed yet.
 */
final class MicrovmProbe {
  /** The start of {@link HostSupport#why()} when KVM runs guests here. */
  static final String ON_KVM = "KVM runs guests";

  private static final List<String[]> NEEDS = List.of(
      new String[] {"/usr/bin/qemu-system-x86_64", "qemu-system-x86"},
      new String[] {"/bin/busybox", "busybox-static"},
      new String[] {"/usr/bin/gcc", "gcc"},
      new String[] {"/sbin/mke2fs", "e2fsprogs"},
      new String[] {"/usr/bin/xz", "xz-utils"},
      new String[] {"/usr/bin/dpkg-deb", "dpkg"});

  private MicrovmProbe() {}

  static HostSupport support() {
    List<String> missing = new ArrayList<>();
    for (String[] need : NEEDS) if (!Files.isExecutable(Path.of(need[0]))) missing.add(need[0] + " (install " + need[1] + ")");
    if (!missing.isEmpty()) return HostSupport.broken("missing " + String.join(", ", missing));
    ImageRecipe recipe;
    try {
      recipe = ImageRecipe.defaults();
    } catch (ImageException e) {
      return HostSupport.broken(e.getMessage());
    }
    EnumSet<Guard> guards = EnumSet.of(Guard.FILES, Guard.PROCESSES, Guard.NETWORK, Guard.CPU, Guard.MEMORY, Guard.PIDS,
        Guard.DISK);
    List<String> notes = List.of("disk: diskMb is enforced for the work directory (an ext4 disk of that size);"
        + " the guest's other writes share the image's free space (" + recipe.freeSpaceMb() + " MiB)");
    Optional<?> image = ImageStore.atDefaultRoot().find(recipe);
    if (image.isEmpty()) {
      return HostSupport.works("QEMU microvm, kernel " + recipe.kernelVersion() + "; accelerator not probed yet: no image"
          + " (run hearth image build)", guards, notes);
    }
    try (MicrovmVmProvider provider = new MicrovmVmProvider(ImageStore.atDefaultRoot(), recipe, MicrovmOptions.defaults(),
        line -> {})) {
      String verdict = provider.acceleratorVerdict();
      return HostSupport.works(verdict + "; QEMU microvm, kernel " + recipe.kernelVersion(), guards, notes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HostSupport.broken("interrupted while probing KVM");
    } catch (Exception e) {
      return HostSupport.broken("cannot probe the accelerator: " + e.getMessage());
    }
  }
}
