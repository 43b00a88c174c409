package dev.hearth.cli;

import dev.hearth.vm.microvm.image.GuestImage;
import dev.hearth.vm.microvm.image.ImageException;
import dev.hearth.vm.microvm.image.ImageRecipe;
import dev.hearth.vm.microvm.image.ImageStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hearth image build | list}: the microVM guest images. */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    description = "Builds and lists the guest images the microvm provider boots.",
    subcommands = {ImageCommand.Build.class, ImageCommand.ListImages.class})
final class ImageCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options both subcommands take. */
  static final class StoreOption {
    @Option(names = "--dir", paramLabel = "DIR",
        description = "Where images are kept (default: $HEARTH_IMAGE_DIR, else $XDG_CACHE_HOME/hearth/images, else ~/.cache/hearth/images).")
    Path dir;

    ImageStore store() {
      return new ImageStore(dir != null ? dir : ImageStore.defaultRoot());
    }
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Builds the guest image (kernel from /boot, initramfs with Hearth's agent, root file system from Debian packages)",
        "unless an image of the same recipe exists. Exit status: 0, or 1 when the build fails."
      })
  static final class Build implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin StoreOption store = new StoreOption();

    @Option(names = "--packages", split = ",", paramLabel = "PKG,…",
        description = "Debian packages of the root file system (default: the issue's set: bash, coreutils, git, python3, nodejs, ca-certificates, …).")
    List<String> packages;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      try {
        ImageRecipe recipe = ImageRecipe.defaults();
        if (packages != null) recipe = recipe.withPackages(packages);
        GuestImage image = store.store().ensure(recipe, line -> out.println("image: " + line));
        out.println(image.hash() + " " + image.dir());
        return 0;
      } catch (ImageException | IllegalArgumentException e) {
        spec.commandLine().getErr().println("hearth image build: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the built guest images, newest first.")
  static final class ListImages implements Callable<Integer> {
    @Spec CommandSpec spec;

    @picocli.CommandLine.Mixin StoreOption store = new StoreOption();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try {
        List<GuestImage> images = store.store().list();
        if (images.isEmpty()) {
          out.println("no images in " + store.store().root() + " (make one with: hearth image build)");
          return 0;
        }
        for (GuestImage image : images) {
          out.println(image.hash() + "  " + sizeMb(image.dir()) + " MiB  " + packages(image) + "  " + image.dir());
        }
        return 0;
      } catch (ImageException e) {
        spec.commandLine().getErr().println("hearth image list: " + e.getMessage());
        return 1;
      }
    }

    private static String packages(GuestImage image) {
      try {
        return Files.readAllLines(image.recipe()).stream().filter(l -> l.startsWith("packages=")).findFirst()
            .map(l -> l.substring("packages=".length())).orElse("?");
      } catch (IOException e) {
        return "?";
      }
    }

    /** Apparent size (the root file system is sparse: less is on disk). */
    private static long sizeMb(Path dir) {
      try (Stream<Path> files = Files.list(dir)) {
        return files.mapToLong(f -> {
          try {
            Object blocks = Files.getAttribute(f, "unix:size");
            return ((Number) blocks).longValue();
          } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
          }
        }).sum() / (1024 * 1024);
      } catch (IOException e) {
        return 0;
      }
    }
  }
}
