package dev.hearth.vm.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one output stream of a process to its end and hands it to a consumer line by line.
 *
 * <p>Lines end at {@code \n} (a {@code \r} before it is dropped); bytes are decoded as UTF-8 with
 * U+FFFD for malformed input. Memory is bounded: a line longer than {@link #MAX_LINE_BYTES} is
 * delivered in pieces of at most that size, cut at a UTF-8 character boundary. Once {@link #detach()}
 * is called the pump keeps reading (so the writer never blocks on a full pipe) but delivers nothing.
 * A consumer that throws does not stop the pump: the first such exception is logged and later lines
 * still go to the consumer.
 */
public final class LinePump implements Runnable {
  static final int MAX_LINE_BYTES = 1 << 20;
  private static final Logger log = LoggerFactory.getLogger(LinePump.class);

  private final String name;
  private final InputStream in;
  private final Consumer<String> consumer;
  private final AtomicLong progress = new AtomicLong();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean delivering;
  private volatile boolean detached;
  private boolean consumerFailed;
  private byte[] line = new byte[256];
  private int length;

  public LinePump(String name, InputStream in, Consumer<String> consumer) {
    this.name = name;
    this.in = in;
    this.consumer = consumer;
  }

  /**
   * Grows with every read and every delivered line; with {@link #delivering()} it lets a waiter tell a
   * pump that is still busy from one blocked on a pipe nobody writes to.
   */
  public long progress() {
    return progress.get();
  }

  /** True while the consumer is handling a line (a slow consumer is progress, not silence). */
  public boolean delivering() {
    return delivering;
  }

  /** What the pump reads, for logs ({@code vm=… stdout}). */
  public String name() {
    return name;
  }

  /** Stops delivering lines; anything read from now on is discarded. */
  public void detach() {
    detached = true;
  }

  /** True once the stream reached its end (or failed) and the last line was delivered. */
  boolean ended() {
    return ended.getCount() == 0;
  }

  /** Waits up to {@code millis} for {@link #ended()}; returns it. */
  boolean awaitEnd(long millis) throws InterruptedException {
    return ended.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void run() {
    try {
      pump();
    } finally {
      ended.countDown();
    }
  }

  private void pump() {
    byte[] buffer = new byte[8 * 1024];
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        progress.addAndGet(n);
        accept(buffer, n);
        if (n == buffer.length && buffer.length < 64 * 1024) buffer = new byte[64 * 1024]; // a lot of output
      }
    } catch (IOException e) {
      // the stream was closed under us (process killed, VM released): what was read is delivered
    }
    if (length > 0) emit(length, length);
  }

  private void accept(byte[] buffer, int n) {
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (buffer[i] == '\n') {
        append(buffer, start, i - start);
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        emit(end, length);
        start = i + 1;
      }
    }
    append(buffer, start, n - start);
  }

  private void append(byte[] buffer, int offset, int count) {
    while (count > 0) {
      if (length == MAX_LINE_BYTES) {
        int cut = utf8Boundary(line, length);
        emit(cut, cut);
      }
      int room = Math.min(count, MAX_LINE_BYTES - length);
      ensureCapacity(length + room);
      System.arraycopy(buffer, offset, line, length, room);
      length += room;
      offset += room;
      count -= room;
    }
  }

  private void ensureCapacity(int needed) {
    if (needed <= line.length) return;
    byte[] bigger = new byte[Math.min(MAX_LINE_BYTES, Math.max(needed, line.length * 2))];
    System.arraycopy(line, 0, bigger, 0, length);
    line = bigger;
  }

  /** Delivers line[0, end) and drops line[0, consumed) from the buffer. */
  private void emit(int end, int consumed) {
    if (!detached) deliver(new String(line, 0, end, StandardCharsets.UTF_8));
    System.arraycopy(line, consumed, line, 0, length - consumed);
    length -= consumed;
    if (length == 0 && line.length > 64 * 1024) line = new byte[256];
  }

  private void deliver(String text) {
    delivering = true;
    try {
      consumer.accept(text);
    } catch (RuntimeException e) {
      if (!consumerFailed) log.warn("{}: output sink failed; later lines are still offered to it", name, e);
      consumerFailed = true;
    } finally {
      delivering = false;
      progress.incrementAndGet();
    }
  }

  /** The largest cut ≤ length that does not split a UTF-8 sequence (length itself if none is open). */
  static int utf8Boundary(byte[] bytes, int length) {
    for (int i = length - 1; i >= Math.max(0, length - 4); i--) {
      int b = bytes[i] & 0xff;
      if ((b & 0xc0) == 0x80) continue; // continuation byte: keep looking for the lead
      int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return i + needed <= length ? length : i == 0 ? length : i;
    }
    return length;
  }
}
