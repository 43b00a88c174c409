package dev.hearth.vm.microvm;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Reads and writes frames on a byte channel. A header announcing more than {@link Frame#MAX_PAYLOAD}
 * bytes is a {@link MalformedFrameException} at once: the reader never waits for, nor allocates, a
 * payload larger than that.
 */
final class FrameCodec {
  private FrameCodec() {}

  /** The next frame; {@link EOFException} at the end of the channel. */
  static Frame read(ReadableByteChannel in) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(Frame.HEADER);
    fill(in, header, true);
    header.flip();
    int length = header.getInt();
    int type = header.get() & 0xff;
    int id = header.getInt();
    if (length < 0 || length > Frame.MAX_PAYLOAD) {
      throw new MalformedFrameException("frame type 0x" + Integer.toHexString(type) + " announces "
          + Integer.toUnsignedString(length) + " payload bytes; at most " + Frame.MAX_PAYLOAD + " are allowed");
    }
    ByteBuffer payload = ByteBuffer.allocate(length);
    fill(in, payload, false);
    return new Frame(type, id, payload.array());
  }

  static void write(WritableByteChannel out, Frame frame) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(Frame.HEADER + frame.payload().length);
    buffer.putInt(frame.payload().length).put((byte) frame.type()).putInt(frame.id()).put(frame.payload()).flip();
    while (buffer.hasRemaining()) out.write(buffer);
  }

  private static void fill(ReadableByteChannel in, ByteBuffer buffer, boolean atFrameStart) throws IOException {
    while (buffer.hasRemaining()) {
      if (in.read(buffer) < 0) {
        if (atFrameStart && buffer.position() == 0) throw new EOFException("the agent channel closed");
        throw new EOFException("the agent channel closed inside a frame");
      }
    }
  }
}
