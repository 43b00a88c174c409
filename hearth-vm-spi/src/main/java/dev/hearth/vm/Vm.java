package dev.hearth.vm;

import java.nio.file.Path;

/**
 * One isolated machine, allocated for one workflow run (or one job in job scope) and used by one
 * session. Every command of that run executes here.
 *
 * <p>Thread-safety: {@link #exec} may be called from several threads at once (jobs of one run that
 * share the VM); {@link #close()} may be called from any thread, also while an exec is running, and
 * then kills it.
 */
public interface Vm extends AutoCloseable {

  /** Unique among all VMs this process ever made; appears in every log line about the VM. */
  String id();

  /**
   * A directory inside the VM that belongs to the run: writable, empty at allocation, removed at
   * release. The executor lays out the workspace, temp and file-command files beneath it. A path in
   * the VM's file system (for the host provider it is also a host path).
   */
  String workDir();

  /**
   * Runs one command and waits for it. Standard output and error are delivered to {@code output}
   * line by line as they arrive, each stream in order (bytes that are not UTF-8 are replaced, never
   * dropped). The command sees exactly {@link ExecRequest#env()} as its environment.
   *
   * <p>When the request's timeout passes, the command's whole process tree is killed and the result
   * says {@link ExecResult#timedOut()}. Interrupting the calling thread kills the process tree the same
   * way and throws {@link InterruptedException}.
   *
   * @throws VmException when the VM cannot run the command at all (it is gone, the agent died); a
   *     command that runs and fails is a result with a non-zero exit code, not an exception
   */
  ExecResult exec(ExecRequest request, OutputSink output) throws VmException, InterruptedException;

  /** Copies a host file or directory tree (modes and symlinks kept) to {@code guestPath}. */
  void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException;

  /** Copies a file or directory tree at {@code guestPath} in the VM to {@code hostTarget}. */
  void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException;

  /**
   * Releases the VM: stops what still runs in it (gracefully, then by force) and frees everything it
   * held (processes, mounts, files, sockets). Idempotent; never throws — a failure to release is
   * logged by the provider and reaped when the provider closes.
   */
  @Override
  void close();
}
