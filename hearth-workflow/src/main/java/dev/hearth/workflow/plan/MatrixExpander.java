package dev.hearth.workflow.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Expands a {@link Matrix} into its legs exactly as GitHub documents ("Using a matrix for your
 * jobs"):
 *
 * <ol>
 *   <li>The cartesian product of the vectors, in the order the keys are written: the first key
 *       varies slowest, so {@code {version: [10, 12], os: [a, b]}} gives 10/a, 10/b, 12/a, 12/b.
 *   <li>{@code exclude} removes every combination that matches all keys of one of its entries;
 *       a partial entry ({@code os: windows-latest} alone) removes every combination with that
 *       value. Values compare as {@link MatrixValues} describes (objects match partially and
 *       recursively); keys, like every context key in GitHub, ignore case.
 *   <li>Then, for each {@code include} entry in order, its key/value pairs are added to every
 *       remaining combination to which they can be added without overwriting one of the
 *       <em>original</em> matrix values; values added by an earlier {@code include} entry may be
 *       overwritten. An entry that cannot be added to any combination becomes a new combination,
 *       after all others. {@code include} runs after {@code exclude}, so it can add back an
 *       excluded combination. With no vectors at all, every {@code include} entry is a leg.
 * </ol>
 *
 * <p>A matrix may produce at most {@value #MAX_JOBS} jobs. Thread-safe: stateless.
 */
public final class MatrixExpander {
  /** GitHub's limit on the number of jobs one matrix may produce per workflow run. */
  public static final int MAX_JOBS = 256;

  /** Products larger than this are refused without enumerating them. */
  static final long MAX_PRODUCT = 1L << 20;

  /**
   * Bounds combinations times filters, so that a hostile file cannot make the planner compare
   * values for minutes; a product that exclusions bring under {@link #MAX_JOBS} stays far below.
   */
  static final long MAX_WORK = 20_000_000L;

  private MatrixExpander() {}

  /** The legs of {@code matrix}, in order. */
  public static List<MatrixCombination> expand(Matrix matrix) throws MatrixException {
    validate(matrix);
    long product = productSize(matrix);
    long work = product * (1 + matrix.exclude().size() + matrix.include().size());
    if (product > MAX_PRODUCT || work > MAX_WORK) {
      throw new MatrixException("a matrix may produce at most " + MAX_JOBS
          + " jobs; this one's vectors alone make " + product + " combinations");
    }
    Survivors survivors = survivors(matrix, product);
    int total = survivors.count + survivors.unmatchedIncludes();
    if (total > MAX_JOBS) {
      throw new MatrixException("a matrix may produce at most " + MAX_JOBS
          + " jobs; this one produces " + total);
    }
    if (total == 0) {
      throw new MatrixException("a matrix must produce at least one job, but 'exclude' removes "
          + "every combination");
    }
    List<MatrixCombination> legs = new ArrayList<>(total);
    for (Map<String, JsonNode> combination : survivors.kept) {
      legs.add(new MatrixCombination(applyIncludes(matrix, combination)));
    }
    for (int i = 0; i < matrix.include().size(); i++) {
      if (!survivors.includeMatched[i]) legs.add(new MatrixCombination(matrix.include().get(i)));
    }
    return List.copyOf(legs);
  }

  private static void validate(Matrix matrix) throws MatrixException {
    if (matrix.vectors().isEmpty() && matrix.include().isEmpty()) {
      throw new MatrixException("a matrix must define at least one vector or 'include' entry");
    }
    for (Map.Entry<String, List<JsonNode>> vector : matrix.vectors().entrySet()) {
      if (vector.getValue().isEmpty()) {
        throw new MatrixException("matrix vector '" + vector.getKey()
            + "' does not contain any values");
      }
    }
    for (Map<String, JsonNode> entry : matrix.exclude()) {
      if (entry.isEmpty()) throw new MatrixException("a matrix 'exclude' entry must not be empty");
      for (String key : entry.keySet()) {
        if (MatrixValues.key(matrix.vectors(), key) == null) {
          throw new MatrixException("matrix 'exclude' key '" + key
              + "' does not match any key within the matrix");
        }
      }
    }
  }

  private static long productSize(Matrix matrix) {
    if (matrix.vectors().isEmpty()) return 0;
    long product = 1;
    for (List<JsonNode> values : matrix.vectors().values()) {
      product *= values.size();
      if (product > MAX_PRODUCT) return product; // stop before it can overflow
    }
    return product;
  }

  /** The combinations left after {@code exclude}, counted fully but kept only up to the limit. */
  private static final class Survivors {
    final List<Map<String, JsonNode>> kept = new ArrayList<>();
    final boolean[] includeMatched;
    int count;

    Survivors(int includes) {
      includeMatched = new boolean[includes];
    }

    int unmatchedIncludes() {
      int n = 0;
      for (boolean matched : includeMatched) if (!matched) n++;
      return n;
    }
  }

  private static Survivors survivors(Matrix matrix, long product) {
    Survivors survivors = new Survivors(matrix.include().size());
    List<String> keys = List.copyOf(matrix.vectors().keySet());
    for (long index = 0; index < product; index++) {
      Map<String, JsonNode> combination = combination(matrix, keys, index);
      if (excluded(matrix, combination)) continue;
      survivors.count++;
      if (survivors.kept.size() <= MAX_JOBS) survivors.kept.add(combination);
      for (int i = 0; i < survivors.includeMatched.length; i++) {
        if (!survivors.includeMatched[i]) {
          survivors.includeMatched[i] = compatible(matrix, matrix.include().get(i), combination);
        }
      }
    }
    return survivors;
  }

  /** The {@code index}-th combination of the product; the last key varies fastest. */
  private static Map<String, JsonNode> combination(Matrix matrix, List<String> keys, long index) {
    Map<String, JsonNode> combination = new LinkedHashMap<>();
    JsonNode[] picked = new JsonNode[keys.size()];
    long rest = index;
    for (int k = keys.size() - 1; k >= 0; k--) {
      List<JsonNode> values = matrix.vectors().get(keys.get(k));
      picked[k] = values.get((int) (rest % values.size()));
      rest /= values.size();
    }
    for (int k = 0; k < keys.size(); k++) combination.put(keys.get(k), picked[k]);
    return combination;
  }

  private static boolean excluded(Matrix matrix, Map<String, JsonNode> combination) {
    for (Map<String, JsonNode> entry : matrix.exclude()) {
      if (matchesAll(entry, combination)) return true;
    }
    return false;
  }

  private static boolean matchesAll(
      Map<String, JsonNode> entry, Map<String, JsonNode> combination) {
    for (Map.Entry<String, JsonNode> filter : entry.entrySet()) {
      JsonNode actual = combination.get(MatrixValues.key(combination, filter.getKey()));
      if (!MatrixValues.matches(filter.getValue(), actual)) return false;
    }
    return true;
  }

  /** True when {@code entry} overwrites none of the original (vector) values of the combination. */
  private static boolean compatible(
      Matrix matrix, Map<String, JsonNode> entry, Map<String, JsonNode> combination) {
    for (Map.Entry<String, JsonNode> pair : entry.entrySet()) {
      String vector = MatrixValues.key(matrix.vectors(), pair.getKey());
      if (vector != null && !MatrixValues.matches(pair.getValue(), combination.get(vector))) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, JsonNode> applyIncludes(
      Matrix matrix, Map<String, JsonNode> original) {
    Map<String, JsonNode> combination = new LinkedHashMap<>(original);
    for (Map<String, JsonNode> entry : matrix.include()) {
      if (!compatible(matrix, entry, original)) continue;
      entry.forEach((key, value) -> {
        if (MatrixValues.key(matrix.vectors(), key) != null) return;
        String existing = MatrixValues.key(combination, key);
        combination.put(existing == null ? key : existing, value);
      });
    }
    return combination;
  }
}
