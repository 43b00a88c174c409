package dev.hearth.engine.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskerTest {

  @ParameterizedTest(name = "[{0}] masks {1} → {2}")
  @CsvSource(delimiter = '|', textBlock = """
      secret     | the secret is here         | the *** is here
      secret     | secretsecret               | ***
      1          | 123                        | ***23
      abc        | xabcyabc                   | x***y***
      abc        | nothing to hide            | nothing to hide
      """)
  void replacesEveryOccurrence(String mask, String text, String expected) {
    assertThat(Masker.of(List.of(mask)).mask(text)).isEqualTo(expected);
  }

  @Test
  void overlappingAndTouchingMasksBecomeOneReplacement() {
    Masker m = Masker.of(List.of("abcd", "cdef"));
    assertThat(m.mask("xabcdefx")).isEqualTo("x***x");
  }

  @Test
  void multiLineValueAlsoMasksEachLineTrimmed() {
    Masker m = Masker.of(List.of("first line\r\n  second line  \n"));
    assertThat(m.mask("got second line")).isEqualTo("got ***");
    assertThat(m.mask("first line")).isEqualTo("***");
  }

  @Test
  void emptyAndNullValuesAreIgnored() {
    Masker m = new Masker();
    m.add("");
    m.add(null);
    assertThat(m.size()).isZero();
    assertThat(m.mask("text")).isEqualTo("text");
  }

  @Test
  void masksCommonEncodingsOfTheValue() {
    Masker m = Masker.of(List.of("p@ss word\""));
    assertThat(m.mask("json: \"p@ss word\\\"\"")).isEqualTo("json: \"***\"");
    assertThat(m.mask("url: p%40ss%20word%22")).isEqualTo("url: ***");
    assertThat(m.mask("xml: p@ss word&quot;")).isEqualTo("xml: ***");
  }

  @Test
  void masksBase64OfTheValueWhereverItStartsInALongerBase64Text() {
    Masker m = Masker.of(List.of("hunter2hunter2"));
    for (String prefix : List.of("", "a", "ab")) {
      String encoded = java.util.Base64.getEncoder().encodeToString((prefix + "hunter2hunter2" + "tail").getBytes());
      String masked = m.mask(encoded);
      assertThat(masked).as("after %s", prefix).contains("***");
      assertThat(masked.replace("***", "").length()).isLessThanOrEqualTo(12);
    }
  }

  @Test
  void manyMasksOnLongLinesStayFast() {
    Masker m = new Masker();
    for (int i = 0; i < 2000; i++) m.add("secret-" + i + "-value");
    String line = "x".repeat(100_000) + "secret-1999-value";
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) assertThat(m.mask(line)).endsWith("x***");
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void addingWhileMaskingFromOtherThreadsIsSafe() throws Exception {
    Masker m = new Masker();
    try (var pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        work.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            m.add("v" + id + "-" + i);
            assertThat(m.mask("v" + id + "-" + i)).isEqualTo("***");
          }
        }));
      }
      for (Future<?> f : work) f.get();
    }
  }
}
