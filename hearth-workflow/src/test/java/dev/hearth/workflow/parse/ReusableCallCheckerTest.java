package dev.hearth.workflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.source.WorkflowError;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReusableCallCheckerTest {
  private static final String CALLEE = """
      on:
        workflow_call:
          inputs:
            env: {type: string, required: true}
            replicas: {type: number}
            dry-run: {type: boolean}
          secrets:
            token: {required: true}
      jobs:
        deploy: {runs-on: x, steps: [{run: deploy}]}
      """;

  private static Workflow parse(String name, String yaml) {
    ParseResult result = new WorkflowParser().parse(name, yaml);
    assertThat(result.errors()).isEmpty();
    return result.workflow();
  }

  private static java.util.List<String> check(String caller) {
    Workflow callee = parse("callee.yml", CALLEE);
    return ReusableCallChecker.check(parse("w.yml", caller), uses -> Optional.of(callee), PermissionsPolicy.WRITE).stream()
        .map(WorkflowError::render).toList();
  }

  @Test
  void aCallPassingWhatTheCalleeDeclaresIsFine() {
    assertThat(check("""
        on: push
        jobs:
          call:
            uses: ./.github/workflows/callee.yml
            with: {env: prod, replicas: '${{ vars.N }}', dry-run: false}
            secrets: {token: '${{ secrets.T }}'}
        """)).isEmpty();
  }

  @Test
  void missingUndeclaredAndMistypedInputsAndSecretsAreReported() {
    assertThat(check("""
        on: push
        jobs:
          call:
            uses: ./.github/workflows/callee.yml
            with:
              replicas: many
              colour: blue
            secrets:
              tokn: x
        """)).containsExactly(
        "w.yml:4:11: input 'env' is required by the called workflow, but not provided in 'with'",
        "w.yml:4:11: secret 'token' is required by the called workflow, but not provided in 'secrets'",
        "w.yml:6:17: input 'replicas' must be a number, but is a string 'many'",
        "w.yml:7:15: invalid input 'colour': it is not defined in the called workflow's on.workflow_call.inputs",
        "w.yml:9:13: invalid secret 'tokn': it is not defined in the called workflow's on.workflow_call.secrets");
  }

  @Test
  void inheritedSecretsSatisfyRequiredOnes() {
    assertThat(check("""
        on: push
        jobs:
          call:
            uses: ./.github/workflows/callee.yml
            with: {env: prod}
            secrets: inherit
        """)).isEmpty();
  }
}
