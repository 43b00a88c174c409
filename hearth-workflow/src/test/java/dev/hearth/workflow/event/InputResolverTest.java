package dev.hearth.workflow.event;

import static dev.hearth.workflow.event.TriggersParserTest.parseClean;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputResolverTest {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final WorkflowDispatch DISPATCH = parseClean("""
      on:
        workflow_dispatch:
          inputs:
            logLevel:
              required: true
              default: warning
              type: choice
              options: [info, warning, debug]
            tags:
              type: boolean
            count:
              type: number
              default: 0x3
            environment:
              type: environment
              required: true
            note:
              description: free text
      """).workflowDispatch().orElseThrow();

  private static final WorkflowCall CALL = parseClean("""
      on:
        workflow_call:
          inputs:
            name: {type: string, required: true}
            dry: {type: boolean, default: true}
            retries: {type: number}
            label: {type: string}
            when: {type: string, default: '${{ github.event_name }}'}
      """).workflowCall().orElseThrow();

  @Test
  void dispatchFillsDefaultsAndTypesValues() {
    InputResolver.Resolved r = InputResolver.dispatch(DISPATCH,
        Map.of("environment", "staging", "tags", "true"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.values()).containsExactly(
        Map.entry("logLevel", JSON.textNode("warning")),
        Map.entry("tags", JSON.booleanNode(true)),
        Map.entry("count", JSON.numberNode(3L)),
        Map.entry("environment", JSON.textNode("staging")),
        Map.entry("note", JSON.textNode("")));
  }

  @Test
  void dispatchReadsAPayloadsInputs() throws Exception {
    JsonNode inputs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
        "{\"environment\": \"prod\", \"tags\": true, \"count\": \"7\"}");
    InputResolver.Resolved r = InputResolver.dispatch(DISPATCH, inputs);
    assertThat(r.ok()).isTrue();
    assertThat(r.values().get("tags")).isEqualTo(JSON.booleanNode(true));
    assertThat(r.values().get("count")).isEqualTo(JSON.numberNode(7L));
  }

  @Test
  void dispatchUnsetBooleanWithoutDefaultIsFalse() {
    assertThat(InputResolver.dispatch(DISPATCH, Map.of("environment", "prod")).values().get("tags"))
        .isEqualTo(JSON.booleanNode(false));
  }

  @Test
  void dispatchNumberDefaultsWrittenInHexResolveToTheirValue() {
    assertThat(DISPATCH.input("count").orElseThrow().defaultValue()).contains("3");
  }

  @Test
  void dispatchNumbersKeepFractions() {
    assertThat(InputResolver.dispatch(DISPATCH, Map.of("environment", "e", "count", "2.5"))
        .values().get("count")).isEqualTo(JSON.numberNode(2.5));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      choice not among options | logLevel | verbose | input 'logLevel' is 'verbose'; expected one of its options: info, warning, debug for type 'choice'
      boolean not true/false   | tags     | yes     | input 'tags' is 'yes'; expected true or false for type 'boolean'
      number not numeric       | count    | three   | input 'count' is 'three'; expected a number for type 'number'
      number not finite        | count    | NaN     | input 'count' is 'NaN'; expected a number for type 'number'
      undefined input          | tag      | x       | input 'tag' is not defined under 'workflow_dispatch'; did you mean 'tags'?
      """)
  void dispatchRejectsValuesThatDoNotFit(String behaviour, String input, String value, String error) {
    Map<String, String> given = new LinkedHashMap<>(Map.of("environment", "e"));
    given.put(input, value);
    assertThat(InputResolver.dispatch(DISPATCH, given).errors()).containsExactly(error);
  }

  @Test
  void dispatchRequiredInputWithoutDefaultMustBeGiven() {
    assertThat(InputResolver.dispatch(DISPATCH, Map.of()).errors())
        .containsExactly("input 'environment' is required but was not given");
  }

  @Test
  void callTypesValuesAndAppliesDefaults() {
    InputResolver.Resolved r = InputResolver.call(CALL,
        Map.of("name", JSON.textNode("mona"), "retries", JSON.numberNode(2)),
        expr -> JSON.textNode("push"));
    assertThat(r.errors()).isEmpty();
    assertThat(r.values()).containsExactly(
        Map.entry("name", JSON.textNode("mona")),
        Map.entry("dry", JSON.booleanNode(true)),
        Map.entry("retries", JSON.numberNode(2L)),
        Map.entry("label", JSON.textNode("")),
        Map.entry("when", JSON.textNode("push")));
  }

  @Test
  void callStringInputsTakeAnyScalarAndNullBecomesEmpty() {
    // as GitHub's reusable-workflow-job-inputs-type-coercion conformance case
    InputResolver.Resolved r = InputResolver.call(CALL, Map.of("name", JSON.booleanNode(true),
        "label", JSON.nullNode()), expr -> JSON.nullNode());
    assertThat(r.values().get("name")).isEqualTo(JSON.booleanNode(true));
    assertThat(r.values().get("label")).isEqualTo(JSON.textNode(""));
  }

  @Test
  void callRejectsMismatchedTypesMissingAndUndefinedInputs() {
    Map<String, JsonNode> with = new LinkedHashMap<>();
    with.put("dry", JSON.textNode("not-a-boolean"));
    with.put("retries", JSON.textNode("not-a-number"));
    with.put("nmae", JSON.textNode("x"));
    assertThat(InputResolver.call(CALL, with, expr -> JSON.nullNode()).errors()).containsExactly(
        "input 'nmae' is not defined under 'workflow_call'; did you mean 'name'?",
        "input 'name' is required but was not given",
        "input 'dry' is 'not-a-boolean'; expected a boolean",
        "input 'retries' is 'not-a-number'; expected a number");
  }
}
