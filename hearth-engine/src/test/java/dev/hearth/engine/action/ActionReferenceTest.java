package dev.hearth.engine.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActionReferenceTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "actions/checkout@v4            | actions | checkout | ''                    | v4     | actions/checkout@v4",
      "octo/repo/sub/dir@main         | octo    | repo     | sub/dir               | main   | octo/repo@main",
      "octo/repo/.github/workflows/x.yml@v1 | octo | repo | .github/workflows/x.yml | v1   | octo/repo@v1",
      "octo/repo/dir/@feature/x       | octo    | repo     | dir                   | feature/x | octo/repo@feature/x",
      "octo/repo@0123456789abcdef0123456789abcdef01234567 | octo | repo | '' | 0123456789abcdef0123456789abcdef01234567 | octo/repo@0123456789abcdef0123456789abcdef01234567",
  })
  void remoteReferencesSplitIntoRepositoryPathAndRef(String uses, String owner, String repo, String path, String ref,
      String repositoryRef) {
    ActionReference.Remote r = (ActionReference.Remote) ActionReference.parse(uses);
    assertThat(r.owner()).isEqualTo(owner);
    assertThat(r.repo()).isEqualTo(repo);
    assertThat(r.path()).isEqualTo(path);
    assertThat(r.ref()).isEqualTo(ref);
    assertThat(r.repositoryRef()).isEqualTo(repositoryRef);
    assertThat(r.fetchCommand()).isEqualTo("hearth actions fetch " + repositoryRef);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"./", "./.github/actions/build", "."})
  void localReferencesAreWorkspacePaths(String uses) {
    assertThat(ActionReference.parse(uses)).isInstanceOf(ActionReference.Local.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"docker://alpine:3.20", "docker://ghcr.io/o/i@sha256:abc"})
  void dockerReferencesAreImages(String uses) {
    assertThat(ActionReference.parse(uses)).isInstanceOf(ActionReference.DockerImage.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"checkout@v4", "actions/checkout", "actions/checkout@", "/checkout@v4", "@v4", "a//b@v1"})
  void malformedReferencesAreRefusedNamingTheForms(String uses) {
    assertThatThrownBy(() -> ActionReference.parse(uses)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'uses: " + uses + "' must have the form {owner}/{repo}[/path]@ref, ./local/path or docker://image");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"actions/checkout@v4,true", "Actions/Checkout@v3,true", "actions/checkout/sub@v4,false", "octo/checkout@v4,false"})
  void onlyTheCheckoutActionItselfIsCheckout(String uses, boolean checkout) {
    assertThat(((ActionReference.Remote) ActionReference.parse(uses)).isCheckout()).isEqualTo(checkout);
  }
}
