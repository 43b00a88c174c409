package dev.hearth.vm.microvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  @Test
  void linesSpanningChunksAreJoinedAndCarriageReturnsBeforeNewlinesDropped() {
    List<String> lines = new ArrayList<>();
    LineSplitter splitter = new LineSplitter(lines::add);
    splitter.accept("one\r\ntw".getBytes(StandardCharsets.UTF_8));
    splitter.accept("o\nthree".getBytes(StandardCharsets.UTF_8));
    splitter.finish();
    assertThat(lines).containsExactly("one", "two", "three");
  }

  @Test
  void aCharacterSplitAcrossChunksDecodesWhole() {
    List<String> lines = new ArrayList<>();
    LineSplitter splitter = new LineSplitter(lines::add);
    byte[] cafe = "café\n".getBytes(StandardCharsets.UTF_8);
    splitter.accept(java.util.Arrays.copyOfRange(cafe, 0, 4));
    splitter.accept(java.util.Arrays.copyOfRange(cafe, 4, cafe.length));
    assertThat(lines).containsExactly("café");
  }

  @Test
  void aLineLongerThanTheLimitComesInPieces() {
    List<String> lines = new ArrayList<>();
    LineSplitter splitter = new LineSplitter(lines::add);
    splitter.accept("x".repeat(LineSplitter.MAX_LINE_BYTES + 10).getBytes(StandardCharsets.UTF_8));
    splitter.finish();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).hasSize(LineSplitter.MAX_LINE_BYTES);
    assertThat(lines.get(1)).hasSize(10);
  }
}
