package dev.hearth.vm.microvm;

import dev.hearth.vm.VmSpec;
import dev.hearth.vm.microvm.image.GuestImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The QEMU command line of one microVM: the {@code microvm} machine with the legacy timers that keep
 * TCG boots from hanging at TSC calibration, the image's uncompressed kernel and initramfs, its root
 * file system copy-on-write ({@code snapshot=on}: writes go to a deleted temporary file and vanish
 * with QEMU), the agent's virtio-serial port on a Unix socket QEMU serves (it waits for the host to
 * connect before starting the guest), and the network the spec allows.
 *
 * <p>{@link VmSpec.NetworkPolicy#NONE}: no network device at all. {@link
 * VmSpec.NetworkPolicy#OUTBOUND}: QEMU user networking (slirp) with IPv6 off. Slirp maps the guest's
 * 10.0.2.2 to the host's 127.0.0.1 and QEMU 7.2 has no option to turn that off, so the guest's
 * init installs a reject route for 10.0.2.2 and the agent drops CAP_NET_ADMIN and CAP_NET_RAW from
 * every command, which cannot then remove the route or send raw frames. The same reject routes
 * cover the host's other IPv4 addresses (read when the VM boots), which slirp would otherwise reach
 * from the host's side; a service on the host is then out of reach on every address.
 *
 * <p>With {@code diskMb > 0} a second virtio-blk disk ({@link WorkDisk}) of that size holds the
 * guest's work directory.
 */
record QemuCommand(String qemu, GuestImage image, Accelerator accelerator, int vcpus, long memoryMb, long diskMb,
    VmSpec.NetworkPolicy network, List<String> hostAddresses, Path agentSocket, Path console, Path workDisk, Path qmpSocket,
    Path incoming) {

  /** A command for a fresh boot: no QMP socket, no incoming state; a workspace disk of {@code diskMb} when above 0. */
  QemuCommand(String qemu, GuestImage image, Accelerator accelerator, int vcpus, long memoryMb, long diskMb,
      VmSpec.NetworkPolicy network, List<String> hostAddresses, Path agentSocket, Path console) {
    this(qemu, image, accelerator, vcpus, memoryMb, diskMb, network, hostAddresses, agentSocket, console, null, null, null);
  }

  /** The same machine with a QMP socket (to save a snapshot) and/or restoring {@code incoming}. */
  QemuCommand with(Path qmp, Path state) {
    return new QemuCommand(qemu, image, accelerator, vcpus, memoryMb, diskMb, network, hostAddresses, agentSocket, console,
        workDisk, qmp, state);
  }

  /** The same machine with its agent socket, console and workspace disk in the runtime directory {@code dir}. */
  QemuCommand withPaths(Path dir) {
    return new QemuCommand(qemu, image, accelerator, vcpus, memoryMb, diskMb, network, hostAddresses,
        dir.resolve(MicrovmBoot.AGENT_SOCKET), dir.resolve(MicrovmBoot.CONSOLE), dir.resolve(WorkDisk.FILE), qmpSocket, incoming);
  }

  /**
   * What makes two machines' states interchangeable: everything but the per-VM paths. The workspace
   * disk's size is part of it: the guest kernel read the disk's capacity when the template booted.
   */
  String snapshotKey() {
    return String.join("\n", new QemuCommand(qemu, image, accelerator, vcpus, memoryMb, diskMb, network, hostAddresses,
        Path.of("agent.sock"), Path.of("console.log"), Path.of(WorkDisk.FILE), null, null).argv()) + "\ndiskMb=" + diskMb;
  }

  /**
   * Under TCG the guest runs without address-space randomisation ({@code norandmaps}): TCG keeps the
   * code it translated per guest virtual address, so with randomisation every new process re-translates
   * the dynamic loader and libc, which made each {@code exec} of a dynamically linked program cost
   * ~20 ms of the guest's time instead of ~2 ms (measured: {@code /bin/true} 21–30 ms vs 6–8 ms of QEMU
   * CPU). The guest belongs to one run, and the boundary to the host (QEMU, the host kernel) is the
   * same either way; under KVM, where nothing is translated, randomisation stays on.
   */
  private String guestAslr() {
    return accelerator == Accelerator.TCG ? " norandmaps" : "";
  }

  /** The host's own addresses, which the guest's init makes unreachable (slirp would connect to them from the host). */
  private String blocked() {
    return network == VmSpec.NetworkPolicy.OUTBOUND && !hostAddresses.isEmpty()
        ? " hearth.block=" + String.join(",", hostAddresses) : "";
  }

  List<String> argv() {
    List<String> argv = new ArrayList<>(List.of(qemu,
        "-machine", "microvm,pit=on,pic=on,rtc=on",
        "-accel", accelerator.qemuName(),
        "-cpu", accelerator == Accelerator.KVM ? "host" : "max",
        "-m", memoryMb + "M",
        "-smp", Integer.toString(vcpus),
        "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
        "-kernel", image.kernel().toString(),
        "-initrd", image.initrd().toString(),
        "-append", "console=ttyS0 quiet panic=-1 reboot=t tsc_early_khz=2000000" + guestAslr() + " hearth.net="
            + network.name().toLowerCase(java.util.Locale.ROOT) + blocked(),
        "-serial", "file:" + console,
        "-drive", "file=" + image.rootfs() + ",if=none,format=raw,id=root,snapshot=on",
        "-device", "virtio-blk-device,drive=root",
        "-device", "virtio-serial-device",
        "-chardev", "socket,id=agent,path=" + agentSocket + ",server=on,wait=on",
        "-device", "virtserialport,chardev=agent,name=hearth.agent"));
    if (diskMb > 0) {
      argv.addAll(List.of("-drive", "file=" + workDisk + ",if=none,format=raw,id=work,discard=unmap",
          "-device", "virtio-blk-device,drive=work,serial=" + WorkDisk.SERIAL));
    }
    if (network == VmSpec.NetworkPolicy.OUTBOUND) {
      argv.addAll(List.of("-netdev", "user,id=net0,ipv6=off", "-device", "virtio-net-device,netdev=net0"));
    }
    if (qmpSocket != null) argv.addAll(List.of("-qmp", "unix:" + qmpSocket + ",server=on,wait=off"));
    if (incoming != null) argv.addAll(List.of("-incoming", "exec:cat " + incoming));
    return argv;
  }
}
