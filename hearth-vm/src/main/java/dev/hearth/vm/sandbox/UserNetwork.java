package dev.hearth.vm.sandbox;

import dev.hearth.vm.net.HostAddresses;
import dev.hearth.vm.VmException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The outbound network of one sandbox: a {@code slirp4netns} user-mode TCP/IP stack behind a
 * {@code tap0} device in the sandbox's network namespace ({@code 10.0.2.100/24}, gateway
 * {@code 10.0.2.2}, resolver {@code 10.0.2.3}), started with {@code --disable-host-loopback} so the
 * gateway does not lead to the host's {@code 127.0.0.1}.
 *
 * <p><b>Why slirp4netns, not pasta:</b> both are in Debian, but bookworm's pasta refuses to run as
 * root without {@code --runas} and then cannot enter its own namespaces in containers like our CI's
 * ("Couldn't switch to pasta namespaces"), while slirp4netns works there and on ordinary hosts; it is
 * also the stack rootless Podman used for years. slirp4netns connects out from the host's own network
 * stack, so a packet to one of the <em>host's own addresses</em> would reach host services: each of
 * them gets a {@code blackhole} route inside the sandbox (set from outside; the guest has no
 * capability to remove it), and so does the link-local range, where cloud hosts serve their
 * credentials ({@code 169.254.169.254}). Addresses the host gains after allocation are not covered;
 * other machines of the host's own LAN are reachable, as the internet is.
 */
final class UserNetwork {
  static final List<String> NAMESERVERS = List.of("10.0.2.3");
  /** Link-local addresses: where clouds serve a host's credentials (169.254.169.254); never a run's business. */
  static final String LINK_LOCAL = "169.254.0.0/16";

  private final String vm;
  private final long namespacePid;
  private final Process slirp;
  private final Process fence;

  private UserNetwork(String vm, long namespacePid, Process slirp, Process fence) {
    this.vm = vm;
    this.namespacePid = namespacePid;
    this.slirp = slirp;
    this.fence = fence;
  }

  /**
   * Starts the stack for the sandbox whose init is {@code namespacePid}, and at the same time fences
   * off the host's addresses in its network namespace (blackhole routes need no device, so they go in
   * before {@code tap0} exists); returns at once. {@link #awaitReady} waits for both.
   */
  static UserNetwork start(String vm, Tools tools, long namespacePid) throws VmException {
    Process slirp = startSlirp(vm, tools, namespacePid);
    try {
      return new UserNetwork(vm, namespacePid, slirp, startFence(vm, tools, namespacePid));
    } catch (VmException | RuntimeException e) {
      slirp.destroyForcibly();
      throw e;
    }
  }

  private static Process startSlirp(String vm, Tools tools, long namespacePid) throws VmException {
    Path slirpPath = tools.slirp4netns().orElseThrow();
    // --exit-fd on a pipe from this JVM: slirp4netns ends when the JVM does, even when killed
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" 3<&0", "sh", slirpPath.toString(),
        "--exit-fd=3", "--configure", "--mtu=65520", "--disable-host-loopback", "--netns-type=path"));
    if (!SandboxProbe.runsAsRoot()) command.add("--userns-path=/proc/" + namespacePid + "/ns/user");
    command.addAll(List.of("/proc/" + namespacePid + "/ns/net", "tap0"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    // stdin stays a pipe from this JVM: it is the exit fd
    builder.environment().clear();
    try {
      return builder.start();
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot start " + slirpPath + ": " + e.getMessage(), e);
    }
  }

  /** Routes every address of the host into a black hole inside the sandbox, with one {@code ip -batch}. */
  private static Process startFence(String vm, Tools tools, long namespacePid) throws VmException {
    List<String> command = new ArrayList<>(List.of(tools.nsenter().orElseThrow().toString(), "--target", Long.toString(namespacePid)));
    if (!SandboxProbe.runsAsRoot()) command.addAll(List.of("--user", "--preserve-credentials"));
    command.addAll(List.of("--net", tools.ip().orElseThrow().toString(), "-batch", "-"));
    StringBuilder batch = new StringBuilder();
    for (String address : HostAddresses.ipv4()) batch.append("route add blackhole ").append(address).append("/32\n");
    batch.append("route add blackhole ").append(LINK_LOCAL).append('\n');
    try {
      Process ip = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (OutputStream in = ip.getOutputStream()) {
        in.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
      }
      return ip;
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot run ip in the sandbox's network: " + e.getMessage(), e);
    }
  }

  /** Waits until the host's addresses are fenced off and {@code tap0} carries a route; stops the stack when either fails. */
  void awaitReady() throws VmException, InterruptedException {
    try {
      String said = new String(fence.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (fence.waitFor() != 0) throw new VmException("vm=" + vm + ": cannot fence off the host's addresses in the sandbox: " + said);
      awaitRoute();
    } catch (IOException e) {
      stop();
      throw new VmException("vm=" + vm + ": cannot run ip in the sandbox's network: " + e.getMessage(), e);
    } catch (VmException | InterruptedException | RuntimeException e) {
      stop();
      throw e;
    }
  }

  private void awaitRoute() throws VmException, InterruptedException {
    Path routes = Path.of("/proc", Long.toString(namespacePid), "net", "route");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!slirp.isAlive()) throw new VmException("vm=" + vm + ": slirp4netns exited with " + slirp.exitValue() + " before the network was up");
      try {
        if (Files.readString(routes, StandardCharsets.US_ASCII).contains("tap0")) return;
      } catch (IOException e) {
        throw new VmException("vm=" + vm + ": sandbox gone while its network started: " + e.getMessage(), e);
      }
      LockSupport.parkNanos(200_000); // slirp4netns reports readiness only on a file descriptor Java cannot hand it
      if (Thread.interrupted()) throw new InterruptedException("vm=" + vm + ": interrupted while the network started");
    }
    throw new VmException("vm=" + vm + ": slirp4netns did not bring tap0 up within 10 s");
  }

  /** Stops the stack (it keeps no state worth a graceful end); idempotent. */
  void stop() {
    fence.destroyForcibly();
    slirp.destroyForcibly();
    try {
      slirp.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
