package dev.hearth.bench;

import dev.hearth.bench.BenchMain.Target;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench/run}'s one table: a {@link Row} per {@link Line} (and per figure no line names), as
 * text for a person and as JSON for {@code bench/results/latest.json}.
 */
final class Table {
  private Table() {}

  /**
   * A line with what was measured for it.
   *
   * @param hearth null when not measured ({@code note} says why)
   * @param reference null when the line has none or it was not measured
   * @param note why there is no figure ("cannot run here: …"), or null
   */
  record Row(Line line, Figure hearth, Figure reference, Target target, String note) {

    /** Hearth's figure divided by the reference's; NaN when either is missing or their units differ. */
    double ratio() {
      if (hearth == null || reference == null || !hearth.unit().equals(reference.unit()) || reference.score() == 0) {
        return Double.NaN;
      }
      return hearth.score() / reference.score();
    }

    /** The value the target bounds: the figure, or the figure minus the reference. */
    double judged() {
      if (hearth == null) return Double.NaN;
      if (!line.overReference()) return hearth.score();
      return reference == null ? Double.NaN : hearth.score() - reference.score();
    }

    String targetText() {
      if (target == null) return "";
      return (line.overReference() ? "hearth - ref " : "") + (target.atLeast() ? "≥ " : "≤ ") + BenchMain.fmt(target.value());
    }

    /** "meets", "MISSES", "not measured" or "" without a target. */
    String verdict() {
      if (target == null) return "";
      double v = judged();
      if (Double.isNaN(v)) return "not measured";
      boolean ok = target.atLeast() ? v >= target.value() : v <= target.value();
      return ok ? "meets" : "MISSES";
    }
  }

  /**
   * The rows of {@code lines}, then one for each figure no line names.
   *
   * @param cannotRun why a provider cannot run here, by provider name
   * @param only the benchmarks bench/run was limited to (a regular expression), or null for all
   */
  static List<Row> rows(List<Line> lines, Map<String, Figure> figures, Map<String, String> cannotRun,
      Map<String, Target> targets, String only) {
    List<Row> rows = new ArrayList<>();
    Set<String> shown = new LinkedHashSet<>();
    for (Line line : lines) {
      shown.add(line.hearth());
      Target target = line.target() == null ? null : targets.get(line.target());
      Figure reference = line.reference() == null ? null : figures.get(line.reference());
      String why = line.provider() == null ? null : cannotRun.get(line.provider());
      if (why != null) {
        rows.add(new Row(line, null, null, target, "cannot run here: " + why));
      } else if (!figures.containsKey(line.hearth())) {
        rows.add(new Row(line, null, reference, target, only != null ? "not run: only " + only + " was asked for"
            : "no figure: " + line.hearth() + " did not run or failed (its output above says why)"));
      } else {
        rows.add(new Row(line, figures.get(line.hearth()), reference, target, null));
      }
    }
    for (Figure f : figures.values()) {
      if (shown.contains(f.name()) || isReferenceOnly(f.name(), lines)) continue;
      rows.add(new Row(Line.of(f.name(), f.name(), null, null, null), f, null, targets.get(f.name()), null));
    }
    return rows;
  }

  private static boolean isReferenceOnly(String name, List<Line> lines) {
    return lines.stream().anyMatch(l -> name.equals(l.reference()));
  }

  private static final String FORMAT = "%-44s %11s %9s %-34s %-10s %11s  %-40s %6s  %s%n";

  static String text(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, FORMAT, "what", "hearth", "± error", "min / median / max", "unit", "reference",
        "  (the same without Hearth, same run)", "ratio", "target"));
    for (Row r : rows) {
      String what = r.line().what();
      if (r.note() != null) {
        b.append(String.format(Locale.ROOT, "%-44s %s%s%n", what, r.note(),
            r.target() == null ? "" : "   [target " + r.targetText() + "]"));
        continue;
      }
      Figure h = r.hearth();
      Figure ref = r.reference();
      String refText = r.line().reference() == null ? "" : ref == null ? "n/a" : BenchMain.fmt(ref.score());
      String refWhat = r.line().reference() == null ? "" : r.line().referenceWhat();
      String target = r.target() == null ? "" : r.targetText() + ": " + r.verdict();
      b.append(String.format(Locale.ROOT, FORMAT, what, BenchMain.fmt(h.score()),
          Double.isFinite(h.error()) ? BenchMain.fmt(h.error()) : "", spread(h),
          h.unit(), refText, refWhat, ratio(r.ratio()), target));
    }
    b.append("ratio = hearth ÷ reference (for times, how many times slower than the bare tool; for rates, what share of it).\n");
    return b.toString();
  }

  private static String spread(Figure f) {
    if (f.samples() < 2 || Double.isNaN(f.min())) return "";
    return BenchMain.fmt(f.min()) + " / " + BenchMain.fmt(f.median()) + " / " + BenchMain.fmt(f.max()) + " (" + f.samples() + ")";
  }

  private static String ratio(double r) {
    return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "";
  }

  /** The rows as a JSON array of objects; figures not measured and ratios not defined are null. */
  static String json(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("what", r.line().what());
      o.put("benchmark", r.line().hearth());
      o.put("hearth", figure(r.hearth()));
      o.put("reference", figure(r.reference()));
      o.put("referenceWhat", r.line().reference() == null ? null : r.line().referenceWhat());
      o.put("ratio", num(r.ratio()));
      o.put("target", r.target() == null ? null : r.targetText());
      o.put("verdict", r.target() == null ? null : r.verdict());
      o.put("note", r.note());
      out.add(o);
    }
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the table could not be written as JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> figure(Figure f) {
    if (f == null) return null;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", f.name());
    o.put("score", num(f.score()));
    o.put("error", num(f.error()));
    o.put("unit", f.unit());
    o.put("min", num(f.min()));
    o.put("median", num(f.median()));
    o.put("max", num(f.max()));
    o.put("samples", f.samples());
    return o;
  }

  private static Double num(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
