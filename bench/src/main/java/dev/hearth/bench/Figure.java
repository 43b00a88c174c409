package dev.hearth.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One measured figure: a JMH benchmark's score, or one {@link BenchMain} measured itself. {@code
 * min}, {@code median} and {@code max} are over the repetitions: JMH's measurement iterations (for
 * single-shot benchmarks: each shot) or the repeated whole-process timings.
 *
 * @param name {@code Class.method}, with {@code [param]} for a parameterised benchmark
 * @param error JMH's 99.9 % confidence half-width, NaN when there is none
 * @param samples how many repetitions min/median/max are over (0: none)
 */
record Figure(String name, double score, double error, String unit, double min, double median, double max, long samples) {

  /** A single value measured once. */
  static Figure single(String name, double value, String unit) {
    return new Figure(name, value, Double.NaN, unit, value, value, value, 1);
  }

  /** A figure from repeated measurements of the same thing, the score being their median. */
  static Figure repeated(String name, double[] values, String unit) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
        : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return new Figure(name, median, Double.NaN, unit, sorted[0], median, sorted[sorted.length - 1], sorted.length);
  }

  static Figure of(RunResult r) {
    Result<?> p = r.getPrimaryResult();
    Statistics s = p.getStatistics();
    return new Figure(nameOf(r), p.getScore(), p.getScoreError(), p.getScoreUnit(),
        s.getMin(), s.getPercentile(50), s.getMax(), s.getN());
  }

  /** {@code Class.method}, plus {@code [a,b]} for the benchmark's parameter values in declared order. */
  static String nameOf(RunResult r) {
    String label = r.getParams().getBenchmark();
    String name = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
    var keys = r.getParams().getParamsKeys();
    if (keys.isEmpty()) return name;
    StringBuilder b = new StringBuilder(name).append('[');
    for (String k : keys) b.append(b.charAt(b.length() - 1) == '[' ? "" : ",").append(r.getParams().getParam(k));
    return b.append(']').toString();
  }

  Figure minus(Figure other, String newName) {
    return new Figure(newName, score - other.score, error + other.error, unit, Double.NaN, Double.NaN, Double.NaN, 0);
  }
}
