package dev.hearth.workflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.workflow.source.WorkflowError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Realistic workflows (ours under {@code workflows/realistic/}, and every scenario's workflows in
 * the shared fixtures) parse without a single error.
 */
class ValidWorkflowsTest {

  @TestFactory
  Stream<DynamicTest> realisticWorkflowsParseWithoutErrors() throws Exception {
    List<Path> files = ymlFilesUnder(BrokenWorkflowsTest.resourceDir("workflows/realistic"));
    assertThat(files).hasSizeGreaterThanOrEqualTo(20);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> parsesCleanly(f)));
  }

  @TestFactory
  Stream<DynamicTest> sharedScenarioWorkflowsParseWithoutErrors() throws Exception {
    Path root = Path.of(System.getProperty("hearth.shared", "/work/shared"), "fixtures/workflows");
    List<Path> files = ymlFilesUnder(root).stream()
        .filter(p -> p.getParent().endsWith(Path.of(".github", "workflows"))).toList();
    assertThat(files).isNotEmpty();
    return files.stream().map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> parsesCleanly(f)));
  }

  private static void parsesCleanly(Path file) throws Exception {
    ParseResult result = new WorkflowParser().parse(file.getFileName().toString(), Files.readAllBytes(file));
    assertThat(result.errors()).extracting(WorkflowError::render).isEmpty();
    assertThat(result.workflow().jobs()).isNotEmpty();
  }

  private static List<Path> ymlFilesUnder(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
