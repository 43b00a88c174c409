package dev.hearth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth image}: listing and refusing bad recipes; building is proven by the microvm provider's tests. */
class ImageCommandTest {
  @TempDir Path tmp;

  @Test
  void listingAnEmptyStoreSaysHowToBuildAnImage() {
    CliRun run = CliRun.of("image", "list", "--dir", tmp.resolve("images").toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("no images in " + tmp.resolve("images")).contains("hearth image build");
  }

  @Test
  void listingShowsEachBuiltImageWithItsPackages() throws Exception {
    Path image = Files.createDirectories(tmp.resolve("images/0123456789abcdef"));
    Files.writeString(image.resolve("rootfs.ext4"), "x");
    Files.writeString(image.resolve("recipe.txt"), "packages=bash,git\nkernel=6.1.0-1-amd64\n");
    Files.createDirectories(tmp.resolve("images/debs"));
    CliRun run = CliRun.of("image", "list", "--dir", tmp.resolve("images").toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).startsWith("0123456789abcdef").contains("bash,git").contains(image.toString());
    assertThat(run.out()).doesNotContain("debs");
  }

  @Test
  void aPackageNameThatIsNotDebianIsRefusedBeforeAnythingIsBuilt() {
    CliRun run = CliRun.of("image", "build", "--dir", tmp.resolve("images").toString(), "--packages", "bash,Not_A_Package");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("hearth image build: 'Not_A_Package' is not a Debian package name");
    assertThat(tmp.resolve("images")).doesNotExist();
  }
}
