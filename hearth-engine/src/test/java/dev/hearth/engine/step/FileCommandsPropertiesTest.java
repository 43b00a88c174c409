package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The {@code $GITHUB_ENV}/{@code $GITHUB_OUTPUT} parser: what a step writes (as {@code NAME=value} or
 * {@code NAME<<DELIMITER} blocks, the way scripts and actions/toolkit write them) it reads back, and
 * malformed input is a {@link FileCommandException} with GitHub's message and the line it is on.
 * jqwik prints the seed of a failing run.
 */
class FileCommandsPropertiesTest {

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('A', 'Z').withChars('_', '0', '9', 'a').ofMinLength(1).ofMaxLength(12);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withChars("ab =<>\n\r\t$\"'{}é").ofMaxLength(40),
        Arbitraries.of("", "=", "<<EOF", "EOF", "a=b", "x\ny", "ghadelimiter_1", "\n", "line\r\nwindows"));
  }

  @Provide
  Arbitrary<Map<String, String>> pairs() {
    return Arbitraries.maps(names(), values()).ofMaxSize(8);
  }

  /** What actions/toolkit writes: the one-line form for values without newlines, else a block with a fresh delimiter. */
  static String write(Map<String, String> pairs, boolean alwaysBlock) {
    StringBuilder b = new StringBuilder();
    int n = 0;
    for (var e : pairs.entrySet()) {
      String value = e.getValue();
      boolean multiLine = value.contains("\n") || value.contains("\r");
      if (!multiLine && !alwaysBlock) {
        b.append(e.getKey()).append('=').append(value).append('\n');
      } else {
        String delimiter = "ghadelimiter_" + (n++) + "_" + Integer.toHexString(value.hashCode());
        b.append(e.getKey()).append("<<").append(delimiter).append('\n').append(value).append('\n')
            .append(delimiter).append('\n');
      }
    }
    return b.toString();
  }

  /** What the parser gives back for a value: line ends normalised to {@code \n}, as GitHub's runner reads lines. */
  static String read(String value) {
    return value.replace("\r\n", "\n");
  }

  @Property(tries = 400)
  void whatAWriterWritesTheParserReadsBack(@ForAll("pairs") Map<String, String> pairs, @ForAll boolean alwaysBlock)
      throws FileCommandException {
    Map<String, String> safe = new LinkedHashMap<>();
    // a lone \r inside a value is not a line end for the parser, but \r before \n is: skip values the writer cannot express
    pairs.forEach((k, v) -> {
      if (!v.endsWith("\r") && !v.contains("\r\r")) safe.put(k, v);
    });
    Map<String, String> expected = new LinkedHashMap<>();
    safe.forEach((k, v) -> expected.put(k, read(v)));

    assertThat(FileCommands.parseKeyValues(write(safe, alwaysBlock))).containsExactlyEntriesOf(expected);
  }

  @Property(tries = 300)
  void anyTextParsesOrFailsWithGitHubsMessageAndALineInsideTheFile(@ForAll("files") String text) {
    try {
      FileCommands.parseKeyValues(text);
    } catch (FileCommandException e) {
      assertThat(e.getMessage()).startsWith("Invalid ");
      assertThat(e.line()).as("line of '%s' in:\n%s", e.getMessage(), text)
          .isBetween(1, (int) text.chars().filter(c -> c == '\n').count() + 1);
    }
  }

  @Provide
  Arbitrary<String> files() {
    Arbitrary<String> line = Arbitraries.oneOf(
        Arbitraries.strings().withChars("AB=<<E O F\r").ofMaxLength(12),
        Arbitraries.of("A=1", "B<<EOF", "EOF", "", "=x", "<<EOF", "C<<", "junk"));
    return line.list().ofMaxSize(10).map(lines -> String.join("\n", lines));
  }

  @Property(tries = 100)
  void aMissingDelimiterNamesTheLineThatOpenedTheBlock(@ForAll("pairs") Map<String, String> before,
      @ForAll @IntRange(min = 0, max = 5) int valueLines) {
    Map<String, String> plain = new LinkedHashMap<>();
    before.forEach((k, v) -> plain.put(k, v.replaceAll("[\r\n]", "")));
    String head = write(plain, false);
    int openedAt = (int) head.chars().filter(c -> c == '\n').count() + 1;
    String text = head + "BROKEN<<END\n" + "value\n".repeat(valueLines);

    assertThatThrownBy(() -> FileCommands.parseKeyValues(text))
        .isInstanceOf(FileCommandException.class)
        .hasMessage("Invalid value. Matching delimiter not found 'END'")
        .extracting(e -> ((FileCommandException) e).line()).isEqualTo(openedAt);
  }
}
