package dev.hearth.vm.gvisor;

import dev.hearth.vm.net.HostAddresses;
import dev.hearth.vm.VmException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code OUTBOUND} network of one sandbox: a {@code slirp4netns} user-mode stack attached to the
 * (still empty) network namespace of a created sandbox, before {@code runsc start} hands the
 * namespace's interfaces to gVisor's own network stack. The guest gets {@code 10.0.2.100/24}, gateway
 * {@code 10.0.2.2}, resolver {@code 10.0.2.3}.
 *
 * <p>Host services stay out of reach: {@code --disable-host-loopback} keeps the gateway from leading
 * to the host's {@code 127.0.0.1}, and every IPv4 address the host has is added to the namespace's
 * loopback before gVisor copies it, so inside the sandbox those addresses are the sandbox's own
 * (nothing listens there) instead of a way out through slirp to the host; so is the link-local range,
 * where clouds serve instance metadata and credentials. slirp4netns runs without
 * IPv6, so the host's IPv6 addresses are unrouteable. Addresses the host gains later are not covered.
 */
final class OutboundNetwork {
  static final List<String> NAMESERVERS = List.of("10.0.2.3");

  private final Process slirp;

  private OutboundNetwork(Process slirp) {
    this.slirp = slirp;
  }

  /** Starts the stack for the sandbox whose host pid is {@code sandboxPid}; returns when tap0 is configured. */
  static OutboundNetwork start(String vm, long sandboxPid, Path apiSocket, Path log) throws VmException, InterruptedException {
    // fd 3 is slirp4netns's readiness pipe: our stdout; fd 4 its exit pipe: our stdin, which this JVM
    // never writes or closes, so slirp4netns ends with the JVM even when it is killed
    String script = "exec slirp4netns --configure --mtu=65520 --disable-host-loopback --api-socket \"$1\" --ready-fd=3 "
        + "--exit-fd=4 \"$2\" tap0 3>&1 4<&0 >\"$3\" 2>&1";
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", script, "sh", apiSocket.toString(), Long.toString(sandboxPid), log.toString())
        .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot start slirp4netns (install the Debian package slirp4netns): " + e.getMessage(), e);
    }
    OutboundNetwork network = new OutboundNetwork(process);
    try {
      network.awaitReady(vm);
      fenceHostAddresses(vm, sandboxPid);
      return network;
    } catch (VmException | InterruptedException | RuntimeException e) {
      network.stop();
      throw e;
    }
  }

  private void awaitReady(String vm) throws VmException, InterruptedException {
    InputStream ready = slirp.getInputStream();
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> {
      try {
        return ready.read();
      } catch (IOException e) {
        return -1;
      }
    });
    try {
      int b = first.get(10, TimeUnit.SECONDS);
      if (b != '1') throw new VmException("vm=" + vm + ": slirp4netns exited before the network was up (see slirp.log)");
    } catch (TimeoutException e) {
      throw new VmException("vm=" + vm + ": slirp4netns did not configure tap0 within 10 s");
    } catch (ExecutionException e) {
      throw new VmException("vm=" + vm + ": cannot wait for slirp4netns: " + e.getCause(), e.getCause());
    }
  }

  /** Gives the namespace's loopback every IPv4 address of the host, with one {@code ip -batch}. */
  private static void fenceHostAddresses(String vm, long sandboxPid) throws VmException, InterruptedException {
    // the link-local range too: cloud metadata services (169.254.169.254) hand out the host's credentials
    StringBuilder batch = new StringBuilder("address add 169.254.0.1/16 dev lo\n");
    for (String address : HostAddresses.ipv4()) batch.append("address add ").append(address).append("/32 dev lo\n");
    try {
      Process ip = new ProcessBuilder("nsenter", "--target", Long.toString(sandboxPid), "--net", "ip", "-batch", "-")
          .redirectErrorStream(true).start();
      try (OutputStream in = ip.getOutputStream()) {
        in.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
      }
      String said = new String(ip.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (ip.waitFor() != 0) throw new VmException("vm=" + vm + ": cannot fence off the host's addresses: " + said);
    } catch (IOException e) {
      throw new VmException("vm=" + vm + ": cannot run ip in the sandbox's network namespace: " + e.getMessage(), e);
    }
  }


  /** Stops the stack at once (it holds no state worth a graceful exit); idempotent. */
  void stop() {
    slirp.destroyForcibly();
    try {
      slirp.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
