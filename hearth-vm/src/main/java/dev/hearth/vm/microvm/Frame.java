package dev.hearth.vm.microvm;

/**
 * One frame of the guest agent protocol (docs/guest-agent-protocol.md): a type, the id of the
 * request it belongs to, and a payload of at most {@link #MAX_PAYLOAD} bytes.
 */
record Frame(int type, int id, byte[] payload) {
  /** The largest payload either side sends or accepts. */
  static final int MAX_PAYLOAD = 1 << 20;
  /** Length (4 bytes, big-endian), type (1), request id (4). */
  static final int HEADER = 9;

  // host → guest
  static final int PING = 0x01;
  static final int EXEC = 0x02;
  static final int STDIN = 0x03;
  static final int STDIN_END = 0x04;
  static final int SIGNAL = 0x05;
  static final int PUT_BEGIN = 0x06;
  static final int PUT_ENTRY = 0x07;
  static final int PUT_DATA = 0x08;
  static final int PUT_END = 0x0A;
  static final int GET = 0x0B;
  static final int SHUTDOWN = 0x0C;
  static final int RESUME = 0x0D;
  // guest → host
  static final int HELLO = 0x80;
  static final int PONG = 0x81;
  static final int STDOUT = 0x82;
  static final int STDERR = 0x83;
  static final int EXIT = 0x84;
  static final int OK = 0x85;
  static final int ERROR = 0x86;
  static final int ENTRY = 0x87;
  static final int DATA = 0x88;
  static final int END = 0x89;

  Frame {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("frame payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
    }
  }

  /** The payload of an {@link #ERROR} frame: the agent's message (a blank one is said to be missing). */
  String errorMessage() {
    String message = new PayloadReader(payload).string();
    return message.isBlank() ? "the guest agent answered ERROR without a message" : message;
  }
}
