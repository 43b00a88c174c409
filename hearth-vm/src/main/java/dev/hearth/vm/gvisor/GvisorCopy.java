package dev.hearth.vm.gvisor;

import dev.hearth.vm.VmException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Copies trees in and out of a sandbox as a tar stream between the host's {@code tar} and one run
 * inside the sandbox as the runner user. Going through the guest, not through the work directory's
 * host side, means a symbolic link a workflow planted leads only within the guest's own view, and
 * what is copied in belongs to the runner user. Modes and symbolic links are kept; what is copied out
 * belongs to the user Hearth runs as.
 */
final class GvisorCopy {
  /** Starts a guest shell script with arguments. */
  @FunctionalInterface
  interface GuestScripts {
    ProcessBuilder script(String script, List<String> args) throws VmException;
  }

  /** Unpacks stdin as $1: a directory arriving at an existing directory is merged into it, anything else replaces. */
  private static final String UNPACK = """
      set -e
      target=$1; entry=$2; parent=$(dirname -- "$target")
      mkdir -p -- "$parent"
      staging=$(mktemp -d -- "$parent/.hearth-in.XXXXXX")
      tar -xpf - -C "$staging"
      if [ -d "$target" ] && [ ! -L "$target" ] && [ -d "$staging/$entry" ] && [ ! -L "$staging/$entry" ]; then
        cp -a -- "$staging/$entry/." "$target/"; chmod -R u+w -- "$staging"; rm -rf -- "$staging"
      else
        rm -rf -- "$target"; mv -- "$staging/$entry" "$target"; rmdir -- "$staging"
      fi
      """;

  /** Packs $1 under its own name to stdout. */
  private static final String PACK = """
      [ -e "$1" ] || [ -L "$1" ] || { echo "$1 does not exist in the VM" >&2; exit 3; }
      cd -- "$(dirname -- "$1")" && exec tar -cf - -- "$(basename -- "$1")"
      """;

  private final String vm;
  private final GuestScripts guest;

  GvisorCopy(String vm, GuestScripts guest) {
    this.vm = vm;
    this.guest = guest;
  }

  void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    Path source = hostSource.toAbsolutePath().normalize();
    String what = "copy " + hostSource + " in to " + guestPath;
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) throw new VmException("vm=" + vm + ": cannot " + what + ": it does not exist");
    String entry = source.getFileName().toString();
    ProcessBuilder pack = new ProcessBuilder("tar", "-C", source.getParent().toString(), "-cf", "-", "--", entry);
    pipe(what, pack, guest.script(UNPACK, List.of(guestPath, entry)));
  }

  void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    Path target = hostTarget.toAbsolutePath().normalize();
    String what = "copy " + guestPath + " out to " + hostTarget;
    Path staging;
    try {
      Files.createDirectories(target.getParent());
      staging = Files.createTempDirectory(target.getParent(), ".hearth-out-");
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot " + what + ": " + e.getMessage(), e);
    }
    try {
      ProcessBuilder unpack = new ProcessBuilder("tar", "-C", staging.toString(), "-xpf", "-", "--no-same-owner");
      pipe(what, guest.script(PACK, List.of(guestPath)), unpack);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) delete(target);
      Files.move(staging.resolve(Path.of(guestPath).getFileName().toString()), target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot " + what + ": " + e.getMessage(), e);
    } finally {
      try {
        delete(staging);
      } catch (IOException e) {
        // an empty staging directory beside the target; harmless
      }
    }
  }

  /** Runs {@code from | to}; a failure of either side is an exception with both sides' complaints. */
  private void pipe(String what, ProcessBuilder from, ProcessBuilder to) throws VmException, InterruptedException {
    from.environment().put("PATH", "/usr/bin:/bin");
    to.environment().put("PATH", "/usr/bin:/bin");
    List<Process> pipeline;
    try {
      pipeline = ProcessBuilder.startPipeline(List.of(from, to));
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot " + what + ": " + e.getMessage(), e);
    }
    Process first = pipeline.get(0);
    Process last = pipeline.get(1);
    CompletableFuture<String> firstSaid = StreamText.of(first.getErrorStream());
    CompletableFuture<String> lastSaid = StreamText.of(last.getErrorStream());
    StreamText.of(last.getInputStream());
    try {
      first.getOutputStream().close();
      int a = first.waitFor();
      int b = last.waitFor();
      if (a != 0 || b != 0) {
        throw new VmException("vm=" + vm + ": cannot " + what + ": " + (firstSaid.join() + " " + lastSaid.join()).trim()
            + " (exit " + a + "|" + b + ")");
      }
    } catch (InterruptedException e) {
      pipeline.forEach(Process::destroyForcibly);
      throw e;
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot " + what + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a host tree without following links. */
  static void delete(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
