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

  @Test
  void aCalleeMayNotRequestMoreThanTheCallingJobIsAllowed() {
    Workflow callee = parse("c.yml", """
        on: workflow_call
        permissions: {contents: write}
        jobs:
          publish: {name: Publish, permissions: {packages: write}, runs-on: x, steps: [{run: p}]}
        """);
    Workflow caller = parse("w.yml", """
        on: push
        permissions: read-all
        jobs:
          release:
            uses: o/r/.github/workflows/c.yml@v1
        """);
    assertThat(ReusableCallChecker.check(caller, uses -> Optional.of(callee), PermissionsPolicy.WRITE))
        .extracting(WorkflowError::render).containsExactly(
            "w.yml:4:3: error calling workflow 'o/r/.github/workflows/c.yml@v1': the nested job 'Publish' is"
                + " requesting 'packages: write', but is only allowed 'packages: read'",
            "w.yml:4:3: error calling workflow 'o/r/.github/workflows/c.yml@v1': the workflow"
                + " 'o/r/.github/workflows/c.yml@v1' is requesting 'contents: write', but is only allowed 'contents: read'");
  }

  @Test
  void aWorkflowCallingItselfStopsAtTheNestingLimit() {
    Workflow loop = parse("loop.yml", """
        on: workflow_call
        jobs:
          again:
            uses: ./.github/workflows/loop.yml
        """);
    assertThat(ReusableCallChecker.check(loop, uses -> Optional.of(loop), PermissionsPolicy.WRITE, 3))
        .extracting(WorkflowError::message)
        .containsExactly("calling './.github/workflows/loop.yml' exceeds the nested reusable workflow depth of 3");
  }
}
