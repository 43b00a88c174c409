package dev.hearth.workflow.parse;

import dev.hearth.workflow.source.DidYouMean;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small grammars: ids, uses references, did-you-mean. */
class ParseRulesTest {

  @ParameterizedTest
  @CsvSource({"build,true", "_build,true", "build-2_x,true", "2build,false", "-build,false", "my.job,false",
      "__build,false", "__,false"})
  void idsFollowGithubsRules(String id, boolean valid) {
    assertThat(IdRules.problem(id, "job").isEmpty()).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"actions/checkout@v4,true", "actions/aws/ec2@main,true", "./local/action,true",
      "docker://alpine:3,true", "docker://,true", "checkout@v4,false", "actions/checkout,false",
      "$$docker://alpine,false", "...docker://alpine,false", "actions/checkout@,false"})
  void stepUsesHasOneOfThreeForms(String uses, boolean valid) {
    assertThat(UsesRules.stepProblem(uses).isEmpty()).isEqualTo(valid);
  }

  @ParameterizedTest
  @CsvSource({"runn,run", "shel,shell", "timeout-minute,timeout-minutes", "contiue-on-error,continue-on-error",
      "enviroment,environment"})
  void didYouMeanFindsTheIntendedKey(String typo, String meant) {
    var known = java.util.List.of("run", "shell", "timeout-minutes", "continue-on-error", "environment", "env");
    assertThat(DidYouMean.closest(typo, known)).contains(meant);
  }

  @ParameterizedTest
  @CsvSource({"xyz", "completely-different"})
  void didYouMeanStaysQuietForUnrelatedWords(String word) {
    assertThat(DidYouMean.closest(word, java.util.List.of("run", "uses", "with"))).isEmpty();
  }
}
