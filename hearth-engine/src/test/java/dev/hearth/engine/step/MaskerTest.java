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
  @org.junit.jupiter.api.Timeout(60) // a hang guard with a wide margin, not a speed assertion
  void manyMasksOnLongLinesAreAllApplied() {
    Masker m = new Masker();
    for (int i = 0; i < 2000; i++) m.add("secret-" + i + "-value");
    String line = "secret-7-value " + "x".repeat(100_000) + "secret-1999-value";
    for (int i = 0; i < 5; i++) assertThat(m.mask(line)).startsWith("*** x").endsWith("x***");
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

  @Test
  void base64OfTheValueAtTheEndOfALongerTextIsMaskedWithItsPadding() {
    Masker m = Masker.of(List.of("p4ss~word*1"));
    for (String prefix : List.of("", "u:", "user:", "us:")) {
      String encoded = java.util.Base64.getEncoder().encodeToString((prefix + "p4ss~word*1").getBytes());
      String masked = m.mask("Authorization: Basic " + encoded);
      assertThat(masked).as("after prefix '%s'", prefix).contains("***");
      String visible = masked.substring("Authorization: Basic ".length()).replace("***", "");
      assertThat(visible.length()).as("base64 left visible after prefix '%s': %s", prefix, masked).isLessThanOrEqualTo(8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      RFC 3986, as GitHub's Uri.EscapeDataString       | a b~c*d/e  | a%20b~c%2Ad%2Fe
      form encoding, as curl --data-urlencode prints it | a b~c*d/e  | a+b%7Ec*d%2Fe
      RFC 3986 with + for spaces, as Python's quote_plus | a b~c*d/e | a+b~c%2Ad%2Fe
      command-line escaped                              | say "hi" x | say \\"hi\\" x
      """)
  void encodedFormsGitHubMasksAreMasked(String form, String value, String printed) {
    assertThat(Masker.of(List.of(value)).mask("[" + printed + "]")).as(form).isEqualTo("[***]");
  }
}
