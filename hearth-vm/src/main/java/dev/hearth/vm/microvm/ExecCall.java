package dev.hearth.vm.microvm;

import dev.hearth.vm.OutputSink;
import java.util.concurrent.CompletableFuture;

/**
 * One command running in the guest: feeds its STDOUT and STDERR frames to the sink line by line and
 * completes with its EXIT frame, or with the reason it cannot (an ERROR frame, a failed channel).
 */
final class ExecCall implements AgentChannel.Listener {
  /** How the command ended, as the agent reported it. */
  record Exit(int code, boolean timedOut, boolean outOfMemory, boolean diskFull) {}

  /** Why the command could not run or finish; {@code agentRefused} when the agent answered ERROR. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean agentRefused;

    Failure(String message, boolean agentRefused) {
      super(message, null, false, false);
      this.agentRefused = agentRefused;
    }
  }

  private final LineSplitter out;
  private final LineSplitter err;
  final CompletableFuture<Exit> exit = new CompletableFuture<>();

  ExecCall(OutputSink sink) {
    this.out = new LineSplitter(sink::stdout);
    this.err = new LineSplitter(sink::stderr);
  }

  @Override
  public void frame(Frame frame) {
    switch (frame.type()) {
      case Frame.STDOUT -> out.accept(frame.payload());
      case Frame.STDERR -> err.accept(frame.payload());
      case Frame.EXIT -> {
        flush();
        PayloadReader in = new PayloadReader(frame.payload());
        int code = in.u32();
        boolean timedOut = in.u8() != 0;
        boolean oom = in.u8() != 0;
        boolean diskFull = in.remaining() > 0 && in.u8() != 0; // added in agent 2; agent 1 sends 6 bytes
        exit.complete(new Exit(code, timedOut, oom, diskFull));
      }
      case Frame.ERROR -> {
        flush();
        exit.completeExceptionally(new Failure(frame.errorMessage(), true));
      }
      default -> exit.completeExceptionally(new Failure("unexpected frame type 0x" + Integer.toHexString(frame.type())
          + " in answer to a command", false));
    }
  }

  @Override
  public void failed(String reason) {
    flush();
    exit.completeExceptionally(new Failure(reason, false));
  }

  private void flush() {
    out.finish();
    err.finish();
  }
}
