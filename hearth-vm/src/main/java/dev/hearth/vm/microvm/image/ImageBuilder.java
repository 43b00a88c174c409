package dev.hearth.vm.microvm.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Makes the files of one guest image from its recipe, reporting each step. */
final class ImageBuilder {
  private final ImageRecipe recipe;
  private final Path debCache;
  private final BuildProgress progress;

  ImageBuilder(ImageRecipe recipe, Path debCache, BuildProgress progress) {
    this.recipe = recipe;
    this.debCache = debCache;
    this.progress = progress;
  }

  /** Builds into {@code image}'s directory, using {@code work} for scratch files. */
  void build(Path work, GuestImage image) throws ImageException, InterruptedException, IOException {
    long start = System.nanoTime();
    String kernel = recipe.kernelVersion();
    progress.step("building image " + image.hash() + " (kernel " + kernel + ", packages " + String.join(" ", recipe.packages()) + ")");
    progress.step("extracting the uncompressed kernel from /boot/vmlinuz-" + kernel);
    KernelExtractor.extract(Path.of("/boot", "vmlinuz-" + kernel), image.kernel());
    progress.step("compiling the guest agent (gcc -static)");
    Path agent = work.resolve("hearth-agent");
    HostCommand.run("guest agent", AgentSource.writeCompileCommand("gcc", work, agent), work);
    progress.step("packing the initramfs (busybox, init, agent, " + String.join(" ", ImageRecipe.MODULES) + ")");
    Initramfs.write(image.initrd(), kernel, ImageRecipe.MODULES, agent);
    RootFilesystem.build(recipe.packages(), recipe.freeSpaceMb(), work, debCache, image.rootfs(), progress);
    Files.writeString(image.recipe(), recipe.describe());
    progress.step("done in " + (System.nanoTime() - start) / 1_000_000_000 + " s");
  }
}
