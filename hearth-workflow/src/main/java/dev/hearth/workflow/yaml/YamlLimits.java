package dev.hearth.workflow.yaml;

/**
 * Bounds that keep a hostile file from costing unbounded time or memory.
 *
 * @param maxFileSize most characters a file may have (GitHub's message names this number)
 * @param maxDepth deepest nesting of mappings and sequences; the document root is depth 1
 * @param maxNodes most nodes after alias expansion (what stops a "billion laughs" file)
 */
public record YamlLimits(int maxFileSize, int maxDepth, long maxNodes) {
  /** Generous for any real workflow (a 1,000-job, 10,000-step file fits), small enough to be safe. */
  public static final YamlLimits DEFAULT = new YamlLimits(8 * 1024 * 1024, 64, 2_000_000);
}
