package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileCommandsTest {

  @Test
  void readsPlainPairsSplittingAtTheFirstEquals() throws Exception {
    assertThat(FileCommands.parseKeyValues("A=1\nB=x=y\n\nC=\r\n"))
        .containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"), Map.entry("C", ""));
  }

  @Test
  void readsHeredocBlocksKeepingInnerLines() throws Exception {
    assertThat(FileCommands.parseKeyValues("M<<EOF\nline 1\n\nline 3\nEOF\nN=2\n"))
        .containsExactly(Map.entry("M", "line 1\n\nline 3"), Map.entry("N", "2"));
  }

  @Test
  void heredocMayBeEmptyAndDelimiterLineMayEndTheFile() throws Exception {
    assertThat(FileCommands.parseKeyValues("E<<X\nX")).containsExactly(Map.entry("E", ""));
  }

  @Test
  void equalsBeforeHeredocMarkerIsAPlainPair() throws Exception {
    assertThat(FileCommands.parseKeyValues("A=b<<c\n")).containsExactly(Map.entry("A", "b<<c"));
  }

  @Test
  void laterValueWins() throws Exception {
    assertThat(FileCommands.parseKeyValues("A=1\nA=2\n")).containsExactly(Map.entry("A", "2"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', textBlock = """
      'X<<EOF\\nvalue\\n'         | Invalid value. Matching delimiter not found 'EOF'
      'X<<EOF\\nvalue'            | Invalid value. EOF marker missing new line.
      '=value\\n'                 | Invalid format '=value'. Name must not be empty
      '<<EOF\\nEOF\\n'            | Invalid format '<<EOF'. Name must not be empty
      'NAME<<\\n'                 | Invalid format 'NAME<<'. Name must not be empty
      'just words\\n'             | Invalid format 'just words'
      'X<<EOF\\na\\nEOF b\\n'     | Invalid value. Matching delimiter not found 'EOF'
      """)
  void rejectsWhatGitHubRejects(String text, String message) {
    assertThatThrownBy(() -> FileCommands.parseKeyValues(text.replace("\\n", "\n")))
        .isInstanceOf(FileCommandException.class).hasMessage(message);
  }

  @Test
  void aValueContainingTheDelimiterLineEndsTheBlockEarly() {
    // what a script gets when its value holds its own delimiter: the rest is not NAME=value
    assertThatThrownBy(() -> FileCommands.parseKeyValues("X<<EOF\nfirst\nEOF\nsecond\nEOF\n"))
        .hasMessage("Invalid format 'second'");
  }

  @Test
  void pathsAreOnePerLineBlankLinesSkipped() {
    assertThat(FileCommands.parsePaths("/a\n\n  /b  \r\n")).containsExactly("/a", "/b");
  }
}
