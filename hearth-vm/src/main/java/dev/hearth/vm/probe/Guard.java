package dev.hearth.vm.probe;

/** What a provider can keep a workflow run from doing to the host or to other runs. */
public enum Guard {
  /** The host's files outside the run's workspace and other runs' files are out of reach. */
  FILES,
  /** Host processes and other runs' processes can be neither seen nor signalled. */
  PROCESSES,
  /** The host's own services and other runs are unreachable over the network; {@code network: none} is honoured. */
  NETWORK,
  /** A run's CPU share is capped. */
  CPU,
  /** A run's memory is capped: past it, the run's processes are killed, not the host's. */
  MEMORY,
  /** A run's number of processes is capped (no fork bomb reaches the host). */
  PIDS,
  /** A run's workspace disk is capped: past it, its writes fail, the host's disk is not filled. */
  DISK
}
