package dev.hearth.vm.gvisor;

import dev.hearth.vm.host.PumpThreads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The whole text a process writes to one of its pipes, read on a {@link PumpThreads} platform thread.
 * Not a virtual thread: a pipe read blocks in the kernel and would hold the virtual thread's carrier
 * for as long as the process runs (and within a monitor, pin it, on JDK 21–23); and not the caller's
 * thread: reading one pipe to its end while the process fills the other would deadlock.
 */
final class StreamText {
  private StreamText() {}

  /** Reads {@code stream} to its end and closes it; the text is trimmed, empty when the read failed. */
  static CompletableFuture<String> of(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    PumpThreads.run(() -> {
      try (stream) {
        text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8).trim());
      } catch (IOException e) {
        text.complete("");
      }
    });
    return text;
  }
}
