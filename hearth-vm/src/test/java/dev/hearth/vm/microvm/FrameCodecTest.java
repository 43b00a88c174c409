package dev.hearth.vm.microvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FrameCodecTest {

  @Test
  void aFrameReadsBackAsWritten() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FrameCodec.write(Channels.newChannel(bytes), new Frame(Frame.EXEC, 7, new PayloadWriter().string("héllo").u32(3).bytes()));
    Frame read = FrameCodec.read(Channels.newChannel(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(read.type()).isEqualTo(Frame.EXEC);
    assertThat(read.id()).isEqualTo(7);
    PayloadReader payload = new PayloadReader(read.payload());
    assertThat(payload.string()).isEqualTo("héllo");
    assertThat(payload.u32()).isEqualTo(3);
  }

  @Test
  void aHeaderAnnouncingMoreThanTheLimitIsRefusedWithoutWaitingForThePayload() {
    byte[] header = ByteBuffer.allocate(Frame.HEADER).putInt(Frame.MAX_PAYLOAD + 1).put((byte) Frame.STDOUT).putInt(1).array();
    assertThatThrownBy(() -> FrameCodec.read(Channels.newChannel(new ByteArrayInputStream(header))))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("announces 1048577 payload bytes")
        .hasMessageContaining("at most 1048576");
  }

  @Test
  void aNegativeLengthIsRefused() {
    byte[] header = ByteBuffer.allocate(Frame.HEADER).putInt(-1).put((byte) Frame.STDOUT).putInt(1).array();
    assertThatThrownBy(() -> FrameCodec.read(Channels.newChannel(new ByteArrayInputStream(header))))
        .isInstanceOf(MalformedFrameException.class)
        .hasMessageContaining("4294967295");
  }

  @Test
  void aChannelEndingInsideAFrameSaysSo() {
    byte[] cut = ByteBuffer.allocate(Frame.HEADER + 2).putInt(10).put((byte) Frame.STDOUT).putInt(1).put((byte) 1).array();
    assertThatThrownBy(() -> FrameCodec.read(Channels.newChannel(new ByteArrayInputStream(cut))))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining("inside a frame");
  }

  @Test
  void aShortPayloadIsAMalformedFrameNamingWhatWasMissing() {
    PayloadReader reader = new PayloadReader(new byte[] {0, 0, 0, 9, 'a'});
    assertThatThrownBy(reader::string).isInstanceOf(MalformedFrameException.class).hasMessageContaining("9 more expected");
  }
}
