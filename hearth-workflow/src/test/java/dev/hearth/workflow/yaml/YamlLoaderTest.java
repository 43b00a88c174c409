package dev.hearth.workflow.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class YamlLoaderTest {
  private final YamlLoader loader = new YamlLoader();

  private YamlNode load(String text) throws WorkflowSyntaxException {
    return loader.load("w.yml", text);
  }

  private String error(String text) {
    try {
      load(text);
    } catch (WorkflowSyntaxException e) {
      return e.errors().get(0).render();
    }
    throw new AssertionError("expected an error for: " + text);
  }

  @Test
  void everyNodeKeepsLineAndColumn() throws Exception {
    YamlMapping root = (YamlMapping) load("on: push\njobs:\n  build:\n    runs-on: [a, b]\n");
    assertThat(root.entries().get(0).key().text()).isEqualTo("on");
    YamlMapping jobs = (YamlMapping) root.get("jobs").orElseThrow();
    YamlMapping build = (YamlMapping) jobs.get("build").orElseThrow();
    YamlSequence runsOn = (YamlSequence) build.get("runs-on").orElseThrow();
    assertThat(runsOn.items().get(1).position().toString()).isEqualTo("w.yml:4:18");
    assertThat(jobs.entries().get(0).key().position().toString()).isEqualTo("w.yml:3:3");
  }

  @Test
  void onIsAKeyNeverTheBooleanTrue() throws Exception {
    YamlMapping root = (YamlMapping) load("on: push\n");
    YamlScalar key = root.entries().get(0).key();
    assertThat(key.kind()).isEqualTo(YamlScalar.Kind.STRING);
    assertThat(key.text()).isEqualTo("on");
  }

  @Test
  void scalarsResolveWithTheCoreSchema() throws Exception {
    YamlSequence s = (YamlSequence) load("[yes, true, 0x1F, 0o17, 1.5e3, ~, '8', .inf, 3.10]");
    assertThat(s.items()).extracting(n -> ((YamlScalar) n).kind()).containsExactly(
        YamlScalar.Kind.STRING, YamlScalar.Kind.BOOLEAN, YamlScalar.Kind.INTEGER, YamlScalar.Kind.INTEGER,
        YamlScalar.Kind.FLOAT, YamlScalar.Kind.NULL, YamlScalar.Kind.STRING, YamlScalar.Kind.FLOAT,
        YamlScalar.Kind.FLOAT);
    assertThat(((YamlScalar) s.items().get(2)).numberValue()).isEqualTo(31.0);
    assertThat(((YamlScalar) s.items().get(3)).numberValue()).isEqualTo(15.0);
  }

  @Test
  void aliasesShareTheirAnchorsNode() throws Exception {
    YamlMapping root = (YamlMapping) load("a: &x {k: v}\nb: *x\n");
    assertThat(root.get("b").orElseThrow()).isSameAs(root.get("a").orElseThrow());
  }

  @Test
  @Timeout(10)
  void aliasBombIsRejectedWithoutExpanding() {
    StringBuilder b = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      b.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      b.append("]\n");
    }
    assertThat(error(b.toString())).contains("Maximum object size exceeded");
  }

  @Test
  void secondDocumentIsRejected() {
    assertThat(error("a: 1\n---\nb: 2\n")).startsWith("w.yml:2:1:").contains("exactly one YAML document");
  }

  @Test
  void duplicateKeysAreRejectedAtTheSecondKey() {
    assertThat(error("a: 1\nb: 2\na: 3\n")).isEqualTo(
        "w.yml:3:1: the key 'a' is already defined at line 1, column 1; each key may appear once in a mapping");
  }

  @Test
  void nonScalarKeysAreRejected() {
    assertThat(error("? [a]\n: 1\n")).contains("a mapping key must be a string");
  }

  @Test
  void syntaxErrorsArePositioned() {
    assertThat(error("a: [1, 2\nb: 3\n")).startsWith("w.yml:").contains("invalid YAML");
  }

  @Test
  void unsupportedTagsAreRejected() {
    assertThat(error("a: !!timestamp 2022-10-26\n")).isEqualTo(
        "w.yml:1:4: Unexpected tag 'tag:yaml.org,2002:timestamp'");
    assertThat(error("a: !!int \"300\"\n")).contains("The scalar style 'DoubleQuoted'");
    assertThat(error("a: !!bool test\n")).contains("is invalid for the type 'tag:yaml.org,2002:bool'");
  }

  @Test
  void depthIsBounded() {
    assertThat(error("[".repeat(100_000))).contains("Maximum object depth exceeded");
  }

  @Test
  void emptyFileIsNull() throws Exception {
    assertThat(((YamlScalar) load("")).isNull()).isTrue();
  }

  @Test
  void nonUtf8AndBinaryFilesAreNamed() {
    byte[] latin1 = "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> loader.load("w.yml", latin1))
        .hasMessage("w.yml:1:10: the file is not UTF-8 text (invalid UTF-8 byte 0xE9)");
    byte[] binary = {0x7f, 'E', 'L', 'F', 0, 0, (byte) 0xff, 1};
    assertThatThrownBy(() -> loader.load("w.yml", binary)).hasMessageContaining("binary file");
  }

  @Test
  @Timeout(value = 20)
  void hugeFileIsRejectedQuickly() {
    String big = "a: " + "x".repeat(50 * 1024 * 1024);
    assertThat(error(big)).isEqualTo("w.yml: The maximum file size of 8388608 characters has been exceeded");
  }
}
