package dev.hearth.vm.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pump whose thread is late (as on a loaded machine, where it may not run for longer than {@link
 * OutputDrain#QUIET}) loses no line when no process can hold the pipes; idle pipes that a background
 * process may hold are let go of after the quiet time.
 */
@Timeout(30)
class OutputDrainTest {

  @Test
  void aLatePumpDeliversEveryLineWhenNothingElseCanHoldThePipes() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    LinePump out = new LinePump("test stdout", late(OutputDrain.QUIET.multipliedBy(3).toMillis(), "one\ntwo\nthree\n"), lines::add);
    LinePump err = new LinePump("test stderr", new ByteArrayInputStream(new byte[0]), line -> {});
    Thread.ofPlatform().start(out);
    Thread.ofPlatform().start(err);

    OutputDrain.await(out, err, () -> false);

    assertThat(lines).containsExactly("one", "two", "three");
  }

  @Test
  void idlePipesABackgroundProcessMayHoldAreLetGoAfterTheQuietTime() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    List<String> lines = new CopyOnWriteArrayList<>();
    LinePump out = new LinePump("test stdout", held(never), lines::add);
    LinePump err = new LinePump("test stderr", new ByteArrayInputStream(new byte[0]), line -> {});
    Thread pump = Thread.ofPlatform().daemon().start(out);
    Thread.ofPlatform().start(err);

    long start = System.nanoTime();
    OutputDrain.await(out, err, () -> true);
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(waited).as("returned although the pipe never ended").isGreaterThanOrEqualTo(OutputDrain.QUIET.toMillis());
    assertThat(out.ended()).isFalse();
    never.countDown();
    pump.join(5_000);
  }

  /** A stream that answers only after {@code millis}, then gives {@code text} and ends. */
  private static InputStream late(long millis, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      private int at = -1;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (at < 0) {
          sleep(millis);
          at = 0;
        }
        if (at >= bytes.length) return -1;
        int n = Math.min(len, bytes.length - at);
        System.arraycopy(bytes, at, b, off, n);
        at += n;
        return n;
      }
    };
  }

  /** A stream that blocks until {@code released}, then ends (a pipe a background process holds). */
  private static InputStream held(CountDownLatch released) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          released.await();
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
        return -1;
      }
    };
  }

  private static void sleep(long millis) throws InterruptedIOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new InterruptedIOException();
    }
  }
}
