package dev.hearth.testing.chaos;

/** The VM operations a {@link ChaosVmProvider} can make go wrong. */
public enum Operation {
  ALLOCATE,
  EXEC,
  COPY_IN,
  COPY_OUT,
  RELEASE
}
