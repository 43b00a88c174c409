package dev.hearth.vm.microvm;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link AgentChannel.Listener} that queues a request's frames for the thread waiting on them. */
final class FrameQueue implements AgentChannel.Listener {
  private static final Frame FAILED = new Frame(-1, -1, new byte[0]);

  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private volatile String failure;

  @Override
  public void frame(Frame frame) {
    frames.add(frame);
  }

  @Override
  public void failed(String reason) {
    failure = reason;
    frames.add(FAILED);
  }

  /**
   * The next frame, waiting at most {@code timeout}.
   *
   * @throws ChannelFailedException when the channel ended or nothing came in time
   */
  Frame take(Duration timeout) throws InterruptedException, ChannelFailedException {
    Frame frame = frames.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (frame == null) throw new ChannelFailedException("the guest agent did not answer within " + timeout.toSeconds() + " s");
    if (frame == FAILED) {
      frames.add(FAILED);
      throw new ChannelFailedException(failure);
    }
    return frame;
  }
}
