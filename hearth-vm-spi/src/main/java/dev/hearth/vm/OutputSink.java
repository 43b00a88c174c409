package dev.hearth.vm;

/**
 * Receives a command's output line by line, without line terminators. Calls for one stream come in
 * order from one thread at a time; stdout and stderr may come from different threads, so an
 * implementation that merges them must synchronise.
 */
public interface OutputSink {
  /** Discards everything. */
  OutputSink NONE = new OutputSink() {
    @Override
    public void stdout(String line) {}

    @Override
    public void stderr(String line) {}
  };

  void stdout(String line);

  void stderr(String line);
}
