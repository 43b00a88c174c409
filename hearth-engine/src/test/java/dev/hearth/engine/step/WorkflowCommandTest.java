package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkflowCommandTest {

  @Test
  void parsesNamePropertiesAndData() {
    WorkflowCommand c = WorkflowCommand.parse("::error file=a.js,line=1,col=2,title=T::msg").orElseThrow();
    assertThat(c.name()).isEqualTo("error");
    assertThat(c.properties()).containsExactly(Map.entry("file", "a.js"), Map.entry("line", "1"),
        Map.entry("col", "2"), Map.entry("title", "T"));
    assertThat(c.data()).isEqualTo("msg");
  }

  @Test
  void unescapesDataAndProperties() {
    WorkflowCommand c = WorkflowCommand.parse("::warning title=a%3Ab%2Cc%25d%0Ae::x%25y%0D%0Az%3A").orElseThrow();
    assertThat(c.properties().get("title")).isEqualTo("a:b,c%d\ne");
    assertThat(c.data()).isEqualTo("x%y\r\nz%3A");
  }

  @Test
  void percentEscapeIsUndoneLastSoEscapedEscapesSurvive() {
    assertThat(WorkflowCommand.parse("::notice::%250A").orElseThrow().data()).isEqualTo("%0A");
  }

  @Test
  void leadingWhitespaceIsAllowedAndNamesIgnoreCase() {
    assertThat(WorkflowCommand.parse("   ::ERROR::x")).get().extracting(WorkflowCommand::data).isEqualTo("x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain text", ":: error::x", "::unknown::x", "::error", "echo ::error::x", ""})
  void otherLinesAreNotCommands(String line) {
    assertThat(WorkflowCommand.parse(line)).isEmpty();
  }

  @Test
  void theStopTokenIsACommandWhileStopped() {
    assertThat(WorkflowCommand.parse("::tok-1::", Set.of(), "tok-1")).isPresent();
    assertThat(WorkflowCommand.parse("::tok-1::")).isEmpty();
  }

  @Test
  void propertiesWithoutValueOrNameAreDropped() {
    WorkflowCommand c = WorkflowCommand.parse("::error =x,novalue,,a=::m").orElseThrow();
    assertThat(c.properties()).containsExactly(Map.entry("a", ""));
  }
}
