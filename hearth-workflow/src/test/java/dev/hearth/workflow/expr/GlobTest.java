package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** hashFiles' glob syntax, as @actions/glob defines it. */
class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1} → {2}")
  @CsvSource(delimiter = '|', textBlock = """
      *.js                | main.js                  | true
      *.js                | src/main.js              | false
      **/*.js             | src/deep/main.js         | true
      **/*.js             | main.js                  | true
      src/**              | src/a/b/c.txt            | true
      src                 | src/a/b/c.txt            | true
      src/*               | src/a/b/c.txt            | true
      sr?/x               | src/x                    | true
      sr?/x               | sr/x                     | false
      [abc].txt           | b.txt                    | true
      [abc].txt           | d.txt                    | false
      [a-c].txt           | c.txt                    | true
      [!a-c].txt          | d.txt                    | true
      [!a-c].txt          | a.txt                    | false
      *                   | .hidden                  | true
      a*b*c               | aXXbYYc                  | true
      a*b*c               | aXXcYYb                  | false
      ./docs/*.md         | docs/x.md                | true
      docs//x.md          | docs/x.md                | true
      '  docs/x.md  '     | docs/x.md                | true
      DOCS/x.md           | docs/x.md                | false
      """)
  void globMatchesLikeActionsGlob(String pattern, String path, boolean expected) {
    Glob g = Glob.parse(pattern, Path.of("/ws")).orElseThrow();
    assertThat(Glob.matchesAll(List.of(g), path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "line [{0}]")
  @CsvSource(delimiter = '|', textBlock = """
      ''
      '   '
      '# a comment'
      """)
  void blankAndCommentLinesAreIgnored(String line) {
    assertThat(Glob.parse(line == null ? "" : line, Path.of("/ws"))).isEmpty();
  }
}
