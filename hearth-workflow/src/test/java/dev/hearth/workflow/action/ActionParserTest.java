package dev.hearth.workflow.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.workflow.source.WorkflowError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionParserTest {
  private final ActionParser parser = new ActionParser();

  private List<String> errors(String yaml) {
    return parser.parse("action.yml", yaml).errors().stream().map(WorkflowError::render).toList();
  }

  @Test
  void readsACompositeActionWithInputsOutputsAndSteps() {
    ActionParseResult r = parser.parse("action.yml", """
        name: Greet
        description: says hello
        branding: {icon: anchor, color: blue}
        inputs:
          who:
            description: whom to greet
            required: true
            default: world
          old:
            deprecationMessage: use 'who'
        outputs:
          greeting:
            description: the text
            value: ${{ steps.say.outputs.text }}
        runs:
          using: composite
          steps:
            - id: say
              run: echo "text=hello ${{ inputs.who }}" >> "$GITHUB_OUTPUT"
              shell: bash
            - uses: ./inner
              with: {x: 1}
        """);
    assertThat(r.errors()).isEmpty();
    Action a = r.action();
    assertThat(a.name().text()).isEqualTo("Greet");
    assertThat(a.inputs()).containsOnlyKeys("who", "old");
    assertThat(a.inputs().get("who").required()).isTrue();
    assertThat(a.inputs().get("who").defaultValue().text()).isEqualTo("world");
    assertThat(a.inputs().get("old").deprecationMessage().text()).isEqualTo("use 'who'");
    assertThat(a.outputs().get("greeting").value().text()).isEqualTo("${{ steps.say.outputs.text }}");
    ActionRuns.Composite c = (ActionRuns.Composite) a.runs();
    assertThat(c.steps()).hasSize(2);
    assertThat(c.steps().get(0).id()).isEqualTo("say");
    assertThat(c.steps().get(1).uses().text()).isEqualTo("./inner");
  }

  @Test
  void readsANodeActionWithPreAndPost() {
    Action a = parser.parse("action.yml", """
        name: js
        runs:
          using: node20
          main: dist/index.js
          pre: pre.js
          pre-if: runner.os == 'Linux'
          post: post.js
        """).action();
    ActionRuns.Node n = (ActionRuns.Node) a.runs();
    assertThat(n.using()).isEqualTo("node20");
    assertThat(n.isCurrent()).isTrue();
    assertThat(n.main().text()).isEqualTo("dist/index.js");
    assertThat(n.pre().text()).isEqualTo("pre.js");
    assertThat(n.preIf().text()).isEqualTo("runner.os == 'Linux'");
    assertThat(n.post().text()).isEqualTo("post.js");
    assertThat(n.postIf()).isNull();
  }

  @Test
  void recognisesDockerActions() {
    Action a = parser.parse("action.yml", "runs:\n  using: docker\n  image: Dockerfile\n  args: [a]\n").action();
    assertThat(a.runs()).isInstanceOf(ActionRuns.Docker.class);
  }

  @Test
  void compositeRunStepsMustNameTheirShell() {
    assertThat(errors("""
        runs:
          using: composite
          steps:
            - run: echo hi
        """)).containsExactly(
        "action.yml:4:7: required key 'shell' is missing from a run step of a composite action (for example 'shell: bash')");
  }

  @Test
  void badFilesGetPositionedErrors() {
    assertThat(errors("name: x\nrunz: {}\n")).containsExactly(
        "action.yml:1:1: required key 'runs' is missing from the action",
        "action.yml:2:1: unknown key 'runz' in the action; expected one of: name, author, description, inputs,"
            + " outputs, runs, branding; did you mean 'runs'?");
    assertThat(errors("runs:\n  using: nod20\n  main: a.js\n")).containsExactly(
        "action.yml:2:10: 'runs.using' must be one of composite, node24, node20, node16, node12, docker,"
            + " but is 'nod20'; did you mean 'node20'?");
    assertThat(errors("runs:\n  using: node20\n")).containsExactly(
        "action.yml:2:3: required key 'main' is missing from 'runs' of a node20 action");
    assertThat(errors("inputs:\n  a:\n    required: maybe\nruns: {using: node20, main: a.js}\n")).containsExactly(
        "action.yml:3:15: 'inputs.a.required' must be a boolean (true or false), but is a string 'maybe'");
    assertThat(errors("outputs:\n  o:\n    description: x\nruns:\n  using: composite\n  steps: []\n")).containsExactly(
        "action.yml:3:5: required key 'value' is missing from output 'o' of a composite action");
    assertThat(errors("")).containsExactly("action.yml:1:1: the action file is empty; required key 'runs' is missing");
    assertThat(errors("runs:\n  using: composite\n  steps:\n    - run: x\n      shell: bash\n      timeout-minutes: 3\n"))
        .containsExactly("action.yml:6:7: 'timeout-minutes' is not supported on the steps of a composite action");
    assertThat(errors("runs: [\n")).singleElement().asString().startsWith("action.yml:");
  }
}
