package dev.hearth.workflow.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whatever the bytes, the parser answers with a workflow or positioned errors: never a throw or a hang. */
class RobustnessTest {
  private final WorkflowParser parser = new WorkflowParser();

  @Test
  @Timeout(60)
  void everyTruncationOfARealWorkflowGivesAnAnswer() throws Exception {
    for (Path file : realistic()) {
      List<String> lines = Files.readAllLines(file);
      for (int n = 0; n <= lines.size(); n++) {
        String prefix = String.join("\n", lines.subList(0, n));
        ParseResult result = parse(file + " first " + n + " lines", prefix.getBytes(StandardCharsets.UTF_8));
        assertThat(result.isValid() || !result.errors().isEmpty()).isTrue();
      }
    }
  }

  @Test
  @Timeout(60)
  void randomlyMutatedWorkflowsGiveAnAnswer() throws Exception {
    Random random = new Random(42);
    String alphabet = ":-[]{}'\"$ \n\t#&*!|>%@`,?";
    for (Path file : realistic()) {
      char[] text = Files.readString(file).toCharArray();
      for (int round = 0; round < 40; round++) {
        char[] copy = text.clone();
        for (int k = 0; k < 3; k++) copy[random.nextInt(copy.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
        parse(file.toString(), new String(copy).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  @Timeout(20)
  void aLargeWorkflowParsesQuickly() {
    StringBuilder b = new StringBuilder("on: push\njobs:\n");
    for (int j = 0; j < 500; j++) {
      b.append("  job").append(j).append(":\n    runs-on: ubuntu-latest\n");
      if (j > 0) b.append("    needs: job").append(j - 1).append('\n');
      b.append("    steps:\n");
      for (int s = 0; s < 20; s++) b.append("      - run: echo ${{ github.sha }} ").append(s).append('\n');
    }
    ParseResult result = parse("big.yml", b.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(result.errors()).isEmpty();
    assertThat(result.workflow().jobs()).hasSize(500);
    assertThat(result.workflow().jobs().get(499).steps().get(19).id()).isEqualTo("__run_20");
  }

  private ParseResult parse(String name, byte[] bytes) {
    ParseResult[] out = new ParseResult[1];
    assertThatCode(() -> out[0] = parser.parse(name, bytes)).as(name).doesNotThrowAnyException();
    return out[0];
  }

  private static List<Path> realistic() throws Exception {
    try (Stream<Path> s = Files.list(BrokenWorkflowsTest.resourceDir("workflows/realistic"))) {
      return s.sorted().toList();
    }
  }
}
