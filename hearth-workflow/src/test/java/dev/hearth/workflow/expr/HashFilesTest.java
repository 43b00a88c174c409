package dev.hearth.workflow.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hashFiles over a real directory tree, checked against an independent computation. */
class HashFilesTest {
  @TempDir Path ws;

  @BeforeEach
  void tree() throws Exception {
    write("package-lock.json", "root lock");
    write("app/package-lock.json", "app lock");
    write("app/src/main.js", "main");
    write("app/node_modules/dep/package-lock.json", "dep lock");
    write(".github/workflows/ci.yml", "on: push");
    write("docs/a.md", "a");
    write("docs/b.txt", "b");
  }

  private void write(String rel, String content) throws Exception {
    Path p = ws.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private String hash(String args) throws Exception {
    Expr e = ExpressionParser.parse("hashFiles(" + args + ")", ExpressionScope.STEP_RUN);
    return Coercion.toStr(Evaluator.evaluate(e, EvaluationContext.of(Map.of()).withWorkspace(ws)));
  }

  /** SHA-256 over the SHA-256 digests of the given files' contents, in the order given. */
  private static String expected(String... contents) throws Exception {
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    for (String c : contents) {
      all.update(MessageDigest.getInstance("SHA-256").digest(c.getBytes(StandardCharsets.UTF_8)));
    }
    return HexFormat.of().formatHex(all.digest());
  }

  @Test
  void singleFileHashesTheHashOfItsContent() throws Exception {
    assertThat(hash("'package-lock.json'")).isEqualTo(expected("root lock"));
  }

  @Test
  void doubleStarMatchesAtAnyDepthAndResultsAreSortedByPath() throws Exception {
    assertThat(hash("'**/package-lock.json'"))
        .isEqualTo(expected("dep lock", "app lock", "root lock")); // app/node_modules/… < app/package-lock.json
  }

  @Test
  void negatedPatternExcludes() throws Exception {
    assertThat(hash("'**/package-lock.json', '!**/node_modules/**'"))
        .isEqualTo(expected("app lock", "root lock"));
  }

  @Test
  void laterPatternCanIncludeAgain() throws Exception {
    assertThat(hash("'docs/*', '!docs/*', 'docs/b.txt'")).isEqualTo(expected("b"));
  }

  @Test
  void directoryPatternMatchesEverythingBeneath() throws Exception {
    assertThat(hash("'docs'")).isEqualTo(expected("a", "b"));
  }

  @Test
  void starMatchesDotDirectoriesAndQuestionMarkOneCharacter() throws Exception {
    assertThat(hash("'*/workflows/c?.yml'")).isEqualTo(expected("on: push"));
  }

  @Test
  void characterClassesWork() throws Exception {
    assertThat(hash("'docs/[ab].md'")).isEqualTo(expected("a"));
  }

  @Test
  void patternsMayBeSeparatedByNewlinesWithComments() throws Exception {
    assertThat(hash("format('docs/a.md{0}# comment{0}docs/b.txt', fromJSON('\"\\n\"'))"))
        .isEqualTo(expected("a", "b"));
  }

  @Test
  void nothingMatchingGivesEmptyString() throws Exception {
    assertThat(hash("'**/*.nothing'")).isEmpty();
  }

  @Test
  void filesOutsideTheWorkspaceAreNeverRead() throws Exception {
    Files.writeString(ws.getParent().resolve("outside-" + ws.getFileName() + ".txt"), "secret");
    assertThat(hash("'../*.txt'")).isEmpty();
    assertThat(hash("'" + ws.getParent() + "/*.txt'")).isEmpty();
  }

  @Test
  void absolutePatternInsideTheWorkspaceWorks() throws Exception {
    assertThat(hash("'" + ws + "/docs/a.md'")).isEqualTo(expected("a"));
  }

  @Test
  void withoutAWorkspaceHashFilesFailsClearly() throws Exception {
    Expr e = ExpressionParser.parse("hashFiles('x')", ExpressionScope.STEP_RUN);
    assertThatThrownBy(() -> Evaluator.evaluate(e, EvaluationContext.empty()))
        .hasMessageContaining("hashFiles needs a workspace");
  }

  @Test
  void hashFilesIsUnknownOutsideSteps() {
    assertThatThrownBy(() -> ExpressionParser.parse("hashFiles('x')", ExpressionScope.JOB_RUNS_ON))
        .hasMessageStartingWith("Unrecognized function: 'hashFiles'");
  }

  @Test
  @org.junit.jupiter.api.Timeout(60) // a hang guard with a wide margin, not a speed assertion
  void pathologicalPatternsFinishAndMatchCorrectly() throws Exception {
    write("deep/" + "a".repeat(200) + ".txt", "long");
    assertThat(hash("'" + "**/".repeat(30) + "*".repeat(40) + "zz'")).isEmpty();
    assertThat(hash("'deep/" + "*a".repeat(30) + "*.txt'")).isEqualTo(expected("long"));
  }
}
