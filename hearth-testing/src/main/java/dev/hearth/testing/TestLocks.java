package dev.hearth.testing;

/**
 * Names for JUnit's {@code @ResourceLock}, for test classes that may run beside other classes (a
 * module whose {@code junit-platform.properties} enables parallel execution and a class marked
 * {@code @Execution(CONCURRENT)}) but not beside each other.
 */
public final class TestLocks {
  /**
   * runsc state and the {@code hearth-gvisor-} sockets the gvisor contract's footprint looks for:
   * one gvisor test class at a time.
   */
  public static final String GVISOR = "hearth.gvisor";

  /** QEMU under TCG is CPU-bound: one microvm test class at a time. */
  public static final String MICROVM = "hearth.microvm";

  /**
   * This JVM's child processes: a class that counts every one of them as its own footprint takes it
   * {@code READ_WRITE}, and every class marked {@code @Execution(CONCURRENT)} takes it {@code READ},
   * so the two never overlap.
   */
  public static final String CHILD_PROCESSES = "hearth.child-processes";

  private TestLocks() {}
}
