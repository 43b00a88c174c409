package dev.hearth.vm.microvm.image;

import java.nio.file.Path;

/**
 * A built guest image: a directory named by its recipe's hash holding the uncompressed kernel, the
 * initramfs (busybox, the virtio modules, Hearth's init and agent) and the ext4 root file system.
 * Read-only once built; VMs attach the root file system copy-on-write.
 */
public record GuestImage(String hash, Path dir) {
  public Path kernel() {
    return dir.resolve("vmlinux");
  }

  public Path initrd() {
    return dir.resolve("initrd.cpio");
  }

  public Path rootfs() {
    return dir.resolve("rootfs.ext4");
  }

  public Path recipe() {
    return dir.resolve("recipe.txt");
  }
}
