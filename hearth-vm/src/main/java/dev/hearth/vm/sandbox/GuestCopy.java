package dev.hearth.vm.sandbox;

import dev.hearth.vm.VmException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Copies trees between the host and a sandbox as a {@code tar} stream between a host {@code tar} and
 * one inside the sandbox, connected by {@link ProcessBuilder#startPipeline}. The guest side runs as the
 * runner user inside the sandbox, so a symbolic link the guest planted can lead only within the
 * guest's own view; the host side extracts into a fresh directory with GNU tar, which does not follow
 * links the archive itself makes, then moves the result into place. Modes and symbolic links are kept;
 * ownership becomes the extracting user's.
 */
final class GuestCopy {
  /** Starts a shell script with arguments inside the sandbox, from {@code /}. */
  interface GuestProcesses {
    ProcessBuilder script(String script, List<String> args);
  }

  /** Unpacks stdin next to $1 and moves entry $2 of it to $1: merging into a directory, replacing anything else. */
  private static final String UNPACK = """
      set -e
      dst=$1; name=$2; parent=$(dirname -- "$dst")
      mkdir -p -- "$parent"
      tmp=$(mktemp -d -- "$parent/.hearth-copy.XXXXXX")
      tar -C "$tmp" -xpf - --no-same-owner
      if [ -d "$dst" ] && [ ! -L "$dst" ] && [ -d "$tmp/$name" ] && [ ! -L "$tmp/$name" ]; then
        cp -a -- "$tmp/$name/." "$dst/"; chmod -R u+w -- "$tmp"; rm -rf -- "$tmp"
      else
        rm -rf -- "$dst"; mv -- "$tmp/$name" "$dst"; rmdir -- "$tmp"
      fi
      """;

  /** Packs $1 (as its base name) to stdout; exit 3 when it does not exist. */
  private static final String PACK = """
      [ -e "$1" ] || [ -L "$1" ] || { echo "no such file or directory: $1" >&2; exit 3; }
      cd -- "$(dirname -- "$1")" && exec tar -cf - -- "$(basename -- "$1")"
      """;

  private final String vm;
  private final Tools tools;
  private final GuestProcesses guest;

  GuestCopy(String vm, Tools tools, GuestProcesses guest) {
    this.vm = vm;
    this.tools = tools;
    this.guest = guest;
  }

  void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    Path source = hostSource.toAbsolutePath().normalize();
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new VmException("vm=" + vm + ": cannot copy " + hostSource + " in to " + guestPath + ": it does not exist");
    }
    String name = source.getFileName().toString();
    ProcessBuilder pack = new ProcessBuilder(tar(), "-C", source.getParent().toString(), "-cf", "-", "--", name)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    ProcessBuilder unpack = guest.script(UNPACK, List.of(guestPath, name));
    run("copy " + hostSource + " in to " + guestPath, pack, unpack);
  }

  void copyOut(String guestPath, Path hostTarget) throws VmException, InterruptedException {
    Path target = hostTarget.toAbsolutePath().normalize();
    Path staging;
    try {
      Files.createDirectories(target.getParent());
      staging = Files.createTempDirectory(target.getParent(), ".hearth-copy-");
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot copy " + guestPath + " out to " + hostTarget + ": " + e.getMessage(), e);
    }
    try {
      ProcessBuilder pack = guest.script(PACK, List.of(guestPath));
      ProcessBuilder unpack = new ProcessBuilder(tar(), "-C", staging.toString(), "-xpf", "-", "--no-same-owner");
      run("copy " + guestPath + " out to " + hostTarget, pack, unpack);
      Path copied = staging.resolve(Path.of(guestPath).getFileName().toString());
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(target) || Files.exists(target)) {
        HostDirs.delete(target);
      }
      Files.move(copied, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot copy " + guestPath + " out to " + hostTarget + ": " + e.getMessage(), e);
    } finally {
      try {
        HostDirs.delete(staging);
      } catch (IOException e) {
        // an empty staging directory left beside the target; harmless
      }
    }
  }

  private String tar() {
    return tools.tar().orElseThrow().toString();
  }

  /** Runs {@code from | to}; throws naming {@code what} and both sides' complaints when either fails. */
  private void run(String what, ProcessBuilder from, ProcessBuilder to) throws VmException, InterruptedException {
    List<Process> pipeline;
    try {
      pipeline = ProcessBuilder.startPipeline(List.of(from, to));
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot " + what + ": " + e.getMessage(), e);
    }
    Process first = pipeline.get(0);
    Process last = pipeline.get(1);
    CompletableFuture<String> firstErr = drain(first.getErrorStream());
    CompletableFuture<String> lastErr = drain(last.getErrorStream());
    drain(last.getInputStream());
    try {
      first.getOutputStream().close();
      int a = first.waitFor();
      int b = last.waitFor();
      if (a != 0 || b != 0) {
        throw new VmException("vm=" + vm + ": cannot " + what + ": " + (firstErr.join() + " " + lastErr.join()).trim()
            + " (exit " + a + "/" + b + ")");
      }
    } catch (InterruptedException e) {
      pipeline.forEach(Process::destroyForcibly);
      throw e;
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (stream) {
        text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8).trim());
      } catch (IOException e) {
        text.complete("");
      }
    });
    return text;
  }
}
