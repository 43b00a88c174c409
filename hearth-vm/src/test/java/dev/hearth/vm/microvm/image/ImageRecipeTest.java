package dev.hearth.vm.microvm.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImageRecipeTest {

  @Test
  void theSameRecipeHasTheSameHashWhateverThePackageOrder() {
    ImageRecipe a = new ImageRecipe(List.of("git", "bash"), "6.1.0-1-amd64", 100);
    ImageRecipe b = new ImageRecipe(List.of("bash", "git", "bash"), "6.1.0-1-amd64", 100);
    assertThat(a.hash()).isEqualTo(b.hash()).matches("[0-9a-f]{16}");
  }

  @Test
  void anyChangeToPackagesKernelOrSpaceChangesTheHash() {
    ImageRecipe base = new ImageRecipe(List.of("bash"), "6.1.0-1-amd64", 100);
    assertThat(base.withPackages(List.of("bash", "git")).hash()).isNotEqualTo(base.hash());
    assertThat(new ImageRecipe(List.of("bash"), "6.1.0-2-amd64", 100).hash()).isNotEqualTo(base.hash());
    assertThat(new ImageRecipe(List.of("bash"), "6.1.0-1-amd64", 200).hash()).isNotEqualTo(base.hash());
  }

  @Test
  void theRecipeNamesTheAgentSourcesByDigest() {
    assertThat(new ImageRecipe(List.of("bash"), "6.1.0-1-amd64", 0).describe()).containsPattern("sources=[0-9a-f]{64}");
  }

  @Test
  void theRecipeNamesWhatTheBuilderMakesOfIt() {
    assertThat(new ImageRecipe(List.of("bash"), "6.1.0-1-amd64", 0).describe()).contains("layout=" + ImageRecipe.LAYOUT);
  }

  @Test
  void theDefaultRecipeHasTheIssuesPackages() {
    assertThat(ImageRecipe.DEFAULT_PACKAGES).contains("bash", "coreutils", "git", "python3", "nodejs", "ca-certificates");
  }

  @Test
  void aPackageNameThatIsNotDebianIsRefusedNamingIt() {
    assertThatThrownBy(() -> new ImageRecipe(List.of("bash; rm -rf /"), "6.1.0-1-amd64", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bash; rm -rf /' is not a Debian package name");
  }
}
