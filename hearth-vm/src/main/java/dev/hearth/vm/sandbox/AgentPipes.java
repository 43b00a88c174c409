package dev.hearth.vm.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;

/**
 * The sandbox agent's channel as one {@link ByteChannel}: frames in from bwrap's stdout, frames out to
 * its stdin, each write flushed at once (a frame must not wait in a buffer). Closing closes the agent's
 * stdin first (the agent then ends, and the sandbox with it), then its stdout.
 */
final class AgentPipes implements ByteChannel {
  private final ReadableByteChannel in;
  private final InputStream fromAgent;
  private final OutputStream toAgent;
  private volatile boolean open = true;

  AgentPipes(InputStream fromAgent, OutputStream toAgent) {
    this.fromAgent = fromAgent;
    this.in = Channels.newChannel(fromAgent);
    this.toAgent = toAgent;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return in.read(dst);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    int n = src.remaining();
    if (src.hasArray()) {
      toAgent.write(src.array(), src.arrayOffset() + src.position(), n);
      src.position(src.limit());
    } else {
      byte[] bytes = new byte[n];
      src.get(bytes);
      toAgent.write(bytes);
    }
    toAgent.flush();
    return n;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() throws IOException {
    open = false;
    try {
      toAgent.close();
    } finally {
      fromAgent.close();
    }
  }
}
