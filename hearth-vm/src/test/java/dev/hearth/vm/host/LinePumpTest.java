package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinePumpTest {

  private static List<String> pump(byte[] input) {
    List<String> lines = new ArrayList<>();
    new LinePump("test", new ByteArrayInputStream(input), lines::add).run();
    return lines;
  }

  private static List<String> pump(String input) {
    return pump(input.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsOnNewlinesAndDropsCarriageReturnsBeforeThem() {
    assertThat(pump("a\nb\r\n\nc\rd\nlast")).containsExactly("a", "b", "", "c\rd", "last");
  }

  @Test
  void deliversNothingForEmptyInput() {
    assertThat(pump("")).isEmpty();
  }

  @Test
  void cutsLinesLongerThanTheCapIntoPieces() {
    int cap = LinePump.MAX_LINE_BYTES;
    List<String> lines = pump("y".repeat(cap * 2 + 10) + "\nnext\n");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).hasSize(cap);
    assertThat(lines.get(1)).hasSize(cap);
    assertThat(lines.get(2)).isEqualTo("y".repeat(10));
    assertThat(lines.get(3)).isEqualTo("next");
  }

  @Test
  void neverCutsAMultiByteCharacterInTwo() {
    String euro = "\u20ac"; // three bytes in UTF-8
    String line = "a" + euro.repeat(LinePump.MAX_LINE_BYTES / 3 + 5);
    List<String> lines = pump(line + "\n");
    assertThat(String.join("", lines)).isEqualTo(line);
    assertThat(lines).noneMatch(l -> l.contains("\uFFFD"));
  }

  @Test
  void findsUtf8Boundaries() {
    byte[] bytes = "ab\u20ac".getBytes(StandardCharsets.UTF_8); // a b E2 82 AC
    assertThat(LinePump.utf8Boundary(bytes, 5)).isEqualTo(5);
    assertThat(LinePump.utf8Boundary(bytes, 4)).isEqualTo(2);
    assertThat(LinePump.utf8Boundary(bytes, 3)).isEqualTo(2);
    assertThat(LinePump.utf8Boundary(bytes, 2)).isEqualTo(2);
  }

  @Test
  void replacesMalformedBytes() {
    assertThat(pump(new byte[] {'o', (byte) 0xff, 'k', '\n', (byte) 0xc3})).containsExactly("o\uFFFDk", "\uFFFD");
  }

  @Test
  void keepsDeliveringAfterTheConsumerThrows() {
    List<String> seen = new ArrayList<>();
    new LinePump("test", new ByteArrayInputStream("bad\ngood\n".getBytes(StandardCharsets.UTF_8)), line -> {
      seen.add(line);
      if (line.equals("bad")) throw new IllegalStateException("sink broke");
    }).run();
    assertThat(seen).containsExactly("bad", "good");
  }

  @Test
  void deliversNothingOnceDetached() {
    List<String> lines = new ArrayList<>();
    LinePump pump = new LinePump("test", new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)), lines::add);
    pump.detach();
    pump.run();
    assertThat(lines).isEmpty();
  }
}
