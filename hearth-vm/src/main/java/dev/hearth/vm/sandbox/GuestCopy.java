package dev.hearth.vm.sandbox;

import dev.hearth.vm.VmException;
import dev.hearth.vm.microvm.GuestAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies trees between the host and a sandbox through its guest agent (PUT and GET requests). The
 * agent runs as the runner user inside the sandbox, so a symbolic link the guest planted can lead only
 * within the guest's own view. Copies out land in a fresh staging directory beside the target (the
 * host side refuses entries that would leave it), and then replace the target in one move. Modes and
 * symbolic links are kept; ownership becomes the copying user's.
 */
final class GuestCopy {
  private final String vm;
  private final GuestAgent agent;

  GuestCopy(String vm, GuestAgent agent) {
    this.vm = vm;
    this.agent = agent;
  }

  /** Copies into {@code guestPath} (absolute): into an existing directory it merges, anything else it replaces. */
  void copyIn(Path hostSource, String guestPath) throws VmException, InterruptedException {
    if (!Files.exists(hostSource, LinkOption.NOFOLLOW_LINKS)) {
      throw new VmException("vm=" + vm + ": cannot copy " + hostSource + " in to " + guestPath + ": it does not exist");
    }
    agent.copyIn(hostSource.toAbsolutePath().normalize(), guestPath);
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
      Path copied = staging.resolve("copy");
      agent.copyOut(guestPath, copied);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) HostDirs.delete(target);
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
}
