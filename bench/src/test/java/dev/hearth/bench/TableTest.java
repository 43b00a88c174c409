package dev.hearth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.bench.BenchMain.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableTest {
  private static final Map<String, Target> TARGETS = Map.of(
      "A.step", new Target(10, false, "a step"),
      "A.overhead", new Target(5, false, "a step over the raw process"),
      "B.rate", new Target(1_000, true, "a rate"));

  private static Map<String, Figure> figures(Figure... fs) {
    Map<String, Figure> out = new LinkedHashMap<>();
    for (Figure f : fs) out.put(f.name(), f);
    return out;
  }

  @Test
  void aLineShowsTheFigureBesideItsReferenceAndTheirRatio() {
    List<Line> lines = List.of(Line.of("a step", "A.step", "A.raw", "the raw process", null));
    var rows = Table.rows(lines, figures(Figure.repeated("A.step", new double[] {6, 8, 7}, "ms/op"),
        Figure.single("A.raw", 2, "ms/op")), Map.of(), TARGETS, null);

    assertThat(rows).hasSize(1);
    Table.Row row = rows.get(0);
    assertThat(row.hearth().median()).isEqualTo(7);
    assertThat(row.hearth().min()).isEqualTo(6);
    assertThat(row.hearth().max()).isEqualTo(8);
    assertThat(row.ratio()).isEqualTo(3.5);
    assertThat(row.verdict()).isEqualTo("meets");
    assertThat(Table.text(rows)).contains("a step", "6.000 / 7.000 / 8.000 (3)", "the raw process", "3.50", "≤ 10.000: meets");
  }

  @Test
  void anOverheadTargetJudgesTheFigureMinusTheReference() {
    List<Line> lines = List.of(Line.overhead("a step", "A.step", "A.raw", "the raw process", null, "A.overhead"));
    var rows = Table.rows(lines, figures(Figure.single("A.step", 9, "ms/op"), Figure.single("A.raw", 2, "ms/op")),
        Map.of(), TARGETS, null);

    assertThat(rows.get(0).judged()).isEqualTo(7);
    assertThat(rows.get(0).verdict()).isEqualTo("MISSES");
    assertThat(rows.get(0).targetText()).isEqualTo("hearth - ref ≤ 5.000");
  }

  @Test
  void aProviderThatCannotRunIsALineSayingWhy() {
    List<Line> lines = List.of(Line.of("cold allocation, microvm", "M.cold", "M.bare", "bare QEMU", "microvm"));
    var rows = Table.rows(lines, figures(), Map.of("microvm", "missing /usr/bin/qemu-system-x86_64"), TARGETS, null);

    assertThat(rows.get(0).hearth()).isNull();
    assertThat(rows.get(0).note()).isEqualTo("cannot run here: missing /usr/bin/qemu-system-x86_64");
    assertThat(Table.text(rows)).contains("cold allocation, microvm", "cannot run here: missing /usr/bin/qemu-system-x86_64");
  }

  @Test
  void aBenchmarkThatFailedIsALineSayingSoAndItsTargetIsNotMeasured() {
    List<Line> lines = List.of(Line.of("a rate", "B.rate", null, null, null));
    var rows = Table.rows(lines, figures(), Map.of(), TARGETS, null);

    assertThat(rows.get(0).note()).startsWith("no figure: B.rate did not run or failed");
    assertThat(rows.get(0).verdict()).isEqualTo("not measured");
  }

  @Test
  void figuresNoLineNamesGetALineOfTheirOwnButReferencesDoNot() {
    List<Line> lines = List.of(Line.of("a step", "A.step", "A.raw", "the raw process", null));
    var rows = Table.rows(lines, figures(Figure.single("A.step", 3, "ms/op"), Figure.single("A.raw", 2, "ms/op"),
        Figure.single("B.rate", 1_500, "ops/s")), Map.of(), TARGETS, null);

    assertThat(rows).extracting(r -> r.line().what()).containsExactly("a step", "B.rate");
    assertThat(rows.get(1).verdict()).isEqualTo("meets");
  }

  @Test
  void figuresInOtherUnitsHaveNoRatio() {
    List<Line> lines = List.of(Line.of("a step", "A.step", "A.raw", "the raw process", null));
    var rows = Table.rows(lines, figures(Figure.single("A.step", 3, "ms/op"), Figure.single("A.raw", 2, "us/op")),
        Map.of(), TARGETS, null);

    assertThat(rows.get(0).ratio()).isNaN();
  }

  @Test
  void theJsonHasEveryLineWithNullsForWhatWasNotMeasured() throws Exception {
    List<Line> lines = List.of(Line.of("a step", "A.step", "A.raw", "the raw process", null),
        Line.of("microvm", "M.cold", null, null, "microvm"));
    var rows = Table.rows(lines, figures(Figure.single("A.step", 3, "ms/op"), Figure.single("A.raw", 2, "ms/op")),
        Map.of("microvm", "no KVM"), TARGETS, null);

    JsonNode json = new ObjectMapper().readTree(Table.json(rows));
    assertThat(json.size()).isEqualTo(2);
    assertThat(json.get(0).get("hearth").get("score").asDouble()).isEqualTo(3);
    assertThat(json.get(0).get("reference").get("score").asDouble()).isEqualTo(2);
    assertThat(json.get(0).get("ratio").asDouble()).isEqualTo(1.5);
    assertThat(json.get(1).get("hearth").isNull()).isTrue();
    assertThat(json.get(1).get("note").asText()).isEqualTo("cannot run here: no KVM");
  }

  @Test
  void everyOverheadLineOfTheRealTableIsJudgedByATargetThatExists() {
    for (Line line : Line.ALL) {
      if (line.overReference()) assertThat(BenchMain.TARGETS).containsKey(line.target());
    }
  }
}
