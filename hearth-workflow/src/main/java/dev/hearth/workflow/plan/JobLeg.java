package dev.hearth.workflow.plan;

/**
 * One run of a job: the job itself when it has no matrix, else one matrix combination.
 * {@code name} is the display name ({@code build (ubuntu-latest, 18)}, see {@link LegNames});
 * {@code matrix} is the leg's {@code matrix} context and {@code strategy} its {@code strategy}
 * context.
 */
public record JobLeg(String name, MatrixCombination matrix, StrategyContext strategy) {

  public int index() {
    return strategy.jobIndex();
  }
}
