package dev.hearth.vm.microvm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.vm.microvm.image.GuestImage;
import dev.hearth.vm.microvm.image.ImageRecipe;
import dev.hearth.vm.microvm.image.ImageStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The guest image every microvm test uses: the default recipe in the default store (built on first
 * use, ~1 minute, then reused by every test class and every later build on this machine).
 */
final class TestImages {
  private static GuestImage image;

  private TestImages() {}

  static synchronized GuestImage image() throws Exception {
    assumeMachineCanBuild();
    if (image == null) image = ImageStore.atDefaultRoot().ensure(recipe(), line -> System.out.println("[image] " + line));
    return image;
  }

  static ImageRecipe recipe() throws Exception {
    return ImageRecipe.defaults();
  }

  /** Skips, saying what is missing, on a machine without the programs a microVM needs. */
  static void assumeMachineCanBuild() {
    for (String program : new String[] {"/usr/bin/qemu-system-x86_64", "/bin/busybox", "/usr/bin/gcc", "/sbin/mke2fs",
        "/usr/bin/dpkg-deb", "/usr/bin/apt-get", "/usr/bin/xz"}) {
      assumeTrue(Files.isExecutable(Path.of(program)), program + " is missing: .ci/run installs the Debian packages microVMs need");
    }
  }

  static MicrovmVmProvider provider(Path runtimeRoot) throws Exception {
    ImageStore store = new ImageStore(image().dir().getParent());
    return new MicrovmVmProvider(store, recipe(), MicrovmOptions.defaults().withRuntimeRoot(runtimeRoot), line -> {});
  }
}
