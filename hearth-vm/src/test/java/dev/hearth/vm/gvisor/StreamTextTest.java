package dev.hearth.vm.gvisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading a process's pipe for copies and kills: on a platform thread, never on the virtual thread that asked. */
@Timeout(30)
class StreamTextTest {

  @Test
  void pipeIsReadOnAPlatformThreadWhenAVirtualThreadAsks() throws Exception {
    AtomicReference<Thread> reader = new AtomicReference<>();
    ByteArrayInputStream bytes = new ByteArrayInputStream("tar: done\n".getBytes(StandardCharsets.UTF_8));
    InputStream pipe = new InputStream() {
      @Override
      public int read() {
        reader.compareAndSet(null, Thread.currentThread());
        return bytes.read();
      }
    };
    CompletableFuture<CompletableFuture<String>> asked = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> asked.complete(StreamText.of(pipe))).join();

    assertThat(asked.get().get(10, TimeUnit.SECONDS)).isEqualTo("tar: done");
    assertThat(reader.get()).isNotNull();
    assertThat(reader.get().isVirtual()).as("the thread that read the pipe (%s) is virtual", reader.get()).isFalse();
  }

  @Test
  void bothPipesOfAProcessAreReadToTheirEnd() throws Exception {
    // more than a pipe buffer on stderr: reading stdout first on one thread would never end
    Process p = new ProcessBuilder("sh", "-c", "head -c 200000 /dev/zero | tr '\\0' e >&2; echo out").start();
    CompletableFuture<String> out = StreamText.of(p.getInputStream());
    CompletableFuture<String> err = StreamText.of(p.getErrorStream());

    assertThat(p.waitFor()).isZero();
    assertThat(out.get(10, TimeUnit.SECONDS)).isEqualTo("out");
    assertThat(err.get(10, TimeUnit.SECONDS)).hasSize(200_000);
  }
}
