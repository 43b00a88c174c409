package dev.hearth.workflow.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.workflow.source.WorkflowError;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Every file under {@code parse/broken/} is a workflow with mistakes; {@code name.expected} beside
 * it holds every error the parser must report for it, exactly, one {@code file:line:column: message}
 * per line in position order. Run with {@code -Dhearth.updateExpected=true} to rewrite the expected
 * files from the parser's output (then review the diff).
 */
class BrokenWorkflowsTest {

  @TestFactory
  @Timeout(60)
  Stream<DynamicTest> eachBrokenWorkflowReportsExactlyItsErrors() throws Exception {
    Path dir = resourceDir("parse/broken");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(30);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  private static void check(Path file) throws Exception {
    String name = file.getFileName().toString();
    ParseResult result = new WorkflowParser().parse(name, Files.readAllBytes(file));
    String actual = result.errors().stream().map(WorkflowError::render).collect(Collectors.joining("\n"));
    Path expectedFile = file.resolveSibling(name.replace(".yml", ".expected"));
    if (Boolean.getBoolean("hearth.updateExpected")) {
      Path source = Path.of("src/test/resources/parse/broken").resolve(expectedFile.getFileName());
      Files.writeString(source, actual + "\n");
      return;
    }
    assertThat(result.isValid()).as("a broken workflow is rejected").isFalse();
    assertThat(actual).isEqualTo(Files.readString(expectedFile).strip());
  }

  static Path resourceDir(String name) throws URISyntaxException {
    return Path.of(BrokenWorkflowsTest.class.getClassLoader().getResource(name).toURI());
  }
}
