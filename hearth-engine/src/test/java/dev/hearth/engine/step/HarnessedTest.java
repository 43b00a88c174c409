package dev.hearth.engine.step;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test class whose every test gets a fresh {@link StepHarness} {@code h} (a host VM), released after it. */
abstract class HarnessedTest {
  @TempDir Path tmp;
  StepHarness h;

  @BeforeEach
  void vm() throws Exception {
    h = new StepHarness(tmp);
  }

  @AfterEach
  void release() {
    h.close();
  }
}
