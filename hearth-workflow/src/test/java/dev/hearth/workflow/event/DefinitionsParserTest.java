package dev.hearth.workflow.event;

import static dev.hearth.workflow.event.TriggersParserTest.errors;
import static dev.hearth.workflow.event.TriggersParserTest.parseClean;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code schedule}, {@code workflow_dispatch} and {@code workflow_call} under {@code on:}. */
class DefinitionsParserTest {

  @Test
  void dispatchInputsKeepTypesDefaultsAndOptions() {
    WorkflowDispatch d = parseClean("""
        on:
          workflow_dispatch:
            inputs:
              logLevel:
                description: 'Log level'
                required: true
                default: 'warning'
                type: choice
                options: [info, warning, debug]
              tags:
                type: boolean
              count:
                type: number
                default: 0x10
              input4:
              input5-Env:
                type: environment
                required: true
        """).workflowDispatch().orElseThrow();
    assertThat(d.inputs()).extracting(WorkflowDispatch.Input::name)
        .containsExactly("logLevel", "tags", "count", "input4", "input5-Env");
    WorkflowDispatch.Input level = d.input("logLevel").orElseThrow();
    assertThat(level.type()).isEqualTo(WorkflowDispatch.Type.CHOICE);
    assertThat(level.options()).containsExactly("info", "warning", "debug");
    assertThat(level.defaultValue()).contains("warning");
    assertThat(level.required()).isTrue();
    assertThat(d.input("input4").orElseThrow().type()).isEqualTo(WorkflowDispatch.Type.STRING);
    assertThat(d.input("input5-Env").orElseThrow().type()).isEqualTo(WorkflowDispatch.Type.ENVIRONMENT);
  }

  @Test
  void nullInputsMeanNoInputs() {
    assertThat(parseClean("on:\n  workflow_dispatch:\n    inputs:\n").workflowDispatch()
        .orElseThrow().inputs()).isEmpty();
  }

  @Test
  void callDefinesInputsOutputsAndSecrets() {
    WorkflowCall c = parseClean("""
        on:
          workflow_call:
            inputs:
              username: {type: string, default: 'john-doe', required: false}
              dry: {type: boolean}
              when: {type: string, default: '${{ github.event_name }}'}
            outputs:
              workflow_output1:
                description: "The first job output"
                value: ${{ jobs.my_job.outputs.job_output1 }}
            secrets:
              access-token:
                required: false
              other:
        """).workflowCall().orElseThrow();
    assertThat(c.inputs()).extracting(WorkflowCall.Input::type).containsExactly(
        WorkflowCall.Type.STRING, WorkflowCall.Type.BOOLEAN, WorkflowCall.Type.STRING);
    assertThat(c.outputs().get(0).value()).isEqualTo("${{ jobs.my_job.outputs.job_output1 }}");
    assertThat(c.secrets()).extracting(WorkflowCall.Secret::name).containsExactly("access-token", "other");
  }

  @Test
  void scheduleReadsCronsAndTimezones() {
    Triggers t = parseClean("on:\n  schedule:\n    - cron: '15 4,5 * * *'\n"
        + "    - cron: '0 9 * * MON-FRI'\n      timezone: Europe/London\n");
    assertThat(t.schedules()).hasSize(2);
    assertThat(t.schedules().get(1).timezone()).contains(ZoneId.of("Europe/London"));
    assertThat(t.schedules().get(0).position().toString()).isEqualTo("w.yml:3:13");
  }

  /** Positions agree with GitHub's workflow-parser conformance cases for {@code on:}. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      errors-on-workflow_call-input-type-missing | on:\\n  push:\\n    branches:\\n      - main\\n  workflow_call:\\n    inputs:\\n      app_name:\\n        required: true\\n        type: Datetime | w.yml:9:15: input 'app_name' of 'workflow_call' has type 'Datetime'; expected one of: boolean, number, string
      errors-on-workflow_call-input-unexpected-property | on:\\n  workflow_call:\\n    inputs:\\n      app_name:\\n        required: true\\n        type: string\\n        deprecationMessage: blah blah | w.yml:7:9: unexpected key 'deprecationMessage' in input 'app_name' of 'workflow_call'; expected one of: default, description, required, type
      errors-on-workflow_call-output | on:\\n  push:\\n    branches:\\n      - main\\n  workflow_call:\\n    outputs:\\n      output1:\\n        description: foo | w.yml:8:9: output 'output1' of 'workflow_call' needs a 'value', e.g. '${{ jobs.<job>.outputs.<output> }}'
      errors-required-property-missing (type) | on:\\n  workflow_call:\\n    inputs:\\n      foo:\\n        description: x | w.yml:5:9: input 'foo' of 'workflow_call' needs a 'type': boolean, number or string
      events-single-invalid-config | on:\\n  push:\\n    inputs:\\n      name:\\n        type: string | w.yml:3:5: unexpected key 'inputs' under 'push'; expected one of: branches, branches-ignore, paths, paths-ignore, tags, tags-ignore
      events-single-invalid (nested) | on:\\n  workflow_dispatch:\\n    inputs:\\n      name:\\n        another_unknown_value: 123 | w.yml:5:9: unexpected key 'another_unknown_value' in input 'name' of 'workflow_dispatch'; expected one of: default, description, options, required, type
      """)
  void positionsMatchGitHubConformance(String conformanceCase, String yaml, String error) {
    assertThat(errors(yaml.replace("\\n", "\n") + "\n")).containsExactly(error);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      dispatch type unknown            | on:\\n  workflow_dispatch:\\n    inputs:\\n      day:\\n        type: date                        | w.yml:5:15: input 'day' of 'workflow_dispatch' has type 'date'; expected one of: boolean, choice, environment, number, string
      choice without options           | on:\\n  workflow_dispatch:\\n    inputs:\\n      level:\\n        type: choice                      | w.yml:5:9: input 'level' of 'workflow_dispatch' has type 'choice' but no 'options'; list its choices under 'options'
      choice default not an option     | on:\\n  workflow_dispatch:\\n    inputs:\\n      level:\\n        type: choice\\n        options: [info, debug]\\n        default: warning | w.yml:7:18: default 'warning' of input 'level' of 'workflow_dispatch' does not fit its type 'choice': expected one of its options: info, debug
      boolean default not a boolean    | on:\\n  workflow_dispatch:\\n    inputs:\\n      dry:\\n        type: boolean\\n        default: yes | w.yml:6:18: default 'yes' of input 'dry' of 'workflow_dispatch' does not fit its type 'boolean': expected true or false
      number default not a number      | on:\\n  workflow_dispatch:\\n    inputs:\\n      n:\\n        type: number\\n        default: ten | w.yml:6:18: default 'ten' of input 'n' of 'workflow_dispatch' does not fit its type 'number': expected a number
      call number default not a number | on:\\n  workflow_call:\\n    inputs:\\n      n:\\n        type: number\\n        default: ten | w.yml:6:18: default 'ten' of input 'n' of 'workflow_call' does not fit its type 'number': expected a number
      required not a boolean           | on:\\n  workflow_dispatch:\\n    inputs:\\n      n:\\n        required: 'yes' | w.yml:5:19: 'required' of input 'n' of 'workflow_dispatch' must be true or false; got 'yes'
      input name invalid               | on:\\n  workflow_dispatch:\\n    inputs:\\n      1st:\\n        type: string | w.yml:4:7: input name '1st' under 'workflow_dispatch' is invalid; it must start with a letter or '_' and contain only letters, digits, '-' and '_'
      inputs not a mapping             | on:\\n  workflow_dispatch:\\n    inputs: [a, b] | w.yml:3:13: 'inputs' under 'workflow_dispatch' must be a mapping; got a sequence
      secret unknown key               | on:\\n  workflow_call:\\n    secrets:\\n      token:\\n        requried: true | w.yml:5:9: unexpected key 'requried' in secret 'token' of 'workflow_call'; did you mean 'required'?
      schedule not a list              | on:\\n  schedule:\\n    cron: '* * * * *' | w.yml:3:5: 'schedule' must be a list of '- cron: ...' entries; got a mapping
      schedule entry without cron      | on:\\n  schedule:\\n    - timezone: UTC | w.yml:3:7: a 'schedule' entry needs a 'cron'
      schedule entry unknown key       | on:\\n  schedule:\\n    - cron: '* * * * *'\\n      tz: UTC | w.yml:4:7: unexpected key 'tz' in a 'schedule' entry; expected one of: cron, timezone
      schedule bad timezone            | on:\\n  schedule:\\n    - cron: '* * * * *'\\n      timezone: Mars/Olympus | w.yml:4:17: invalid timezone 'Mars/Olympus'; expected an IANA zone such as 'America/New_York' or 'Europe/London'
      cron with four fields            | on:\\n  schedule:\\n    - cron: '* * * *' | w.yml:3:13: invalid cron '* * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 4
      cron shorthand                   | on:\\n  schedule:\\n    - cron: '@daily' | w.yml:3:13: invalid cron '@daily': GitHub Actions does not support '@daily'; write five fields, e.g. '0 0 * * *' for daily at midnight UTC
      """)
  void definitionsAreChecked(String behaviour, String yaml, String error) {
    assertThat(errors(yaml.replace("\\n", "\n") + "\n")).containsExactly(error);
  }
}
