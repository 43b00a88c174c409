package dev.hearth.workflow.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.workflow.parse.ParseResult;
import dev.hearth.workflow.parse.WorkflowParser;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The workflow parser on mutated real workflows and random text: it never throws (only a {@link
 * WorkflowSyntaxException} from {@code orThrow()}), never hangs, and every rejection is an error
 * with the file's name, a line and column inside the text (or the whole file) and a message.
 * jqwik prints the seed of a failing run; rerun it with {@code @Property(seed = "…")}.
 */
class WorkflowParserPropertiesTest {
  private static final String FILE = ".github/workflows/fuzz.yml";
  private final WorkflowParser parser = new WorkflowParser();

  @Provide
  Arbitrary<String> mutatedWorkflows() {
    return Arbitraries.integers().between(0, Corpus.workflows().size() - 1)
        .flatMap(i -> Arbitraries.longs().map(seed -> Corpus.mutate(Corpus.workflows().get(i), seed)));
  }

  @Property(tries = 600)
  void mutatedWorkflowsParseOrGetPositionedErrors(@ForAll("mutatedWorkflows") String yaml) {
    checkParses(yaml);
  }

  @Property(tries = 200)
  void randomTextParsesOrGetsPositionedErrors(@ForAll String text) {
    checkParses(text);
  }

  @Example
  void everyStoredCorpusInputParsesOrGetsPositionedErrors() {
    Corpus.workflows().forEach(this::checkParses);
  }

  private void checkParses(String yaml) {
    Object outcome = Bounded.call(yaml, () -> parser.parse(FILE, yaml));
    assertThat(outcome).as("parse threw instead of returning errors, on:\n%s", yaml).isInstanceOf(ParseResult.class);
    ParseResult result = (ParseResult) outcome;
    if (result.isValid()) return;
    long lines = yaml.lines().count() + 1;
    for (WorkflowError error : result.errors()) {
      assertThat(error.message()).as("message of an error on:\n%s", yaml).isNotBlank();
      assertThat(error.position().file()).isEqualTo(FILE);
      if (error.position().hasLine()) {
        assertThat(error.position().line()).as("line of '%s'", error.message()).isBetween(1, (int) lines);
        assertThat(error.position().column()).as("column of '%s'", error.message()).isPositive();
      }
      assertThat(error.render()).contains(FILE);
    }
    Object thrown = Bounded.call(yaml, () -> {
      try {
        result.orThrow();
        return null;
      } catch (WorkflowSyntaxException e) {
        return e;
      }
    });
    assertThat(thrown).isInstanceOf(WorkflowSyntaxException.class);
  }
}
