package dev.hearth.vm.sandbox;

import dev.hearth.vm.VmException;
import dev.hearth.vm.microvm.GuestAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies a sandbox's tree out through its guest agent ({@link GuestAgent#copyOut}): the copy lands in
 * a fresh staging directory beside the target (the client refuses entries that would leave it), and
 * then replaces the target in one move, so a failed copy leaves the target as it was. The agent runs as
 * the runner user inside the sandbox, so a symbolic link the guest planted can lead only within the
 * guest's own view. Modes and symbolic links are kept; ownership becomes the copying user's.
 */
final class GuestCopy {
  private final String vm;
  private final GuestAgent agent;

  GuestCopy(String vm, GuestAgent agent) {
    this.vm = vm;
    this.agent = agent;
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
