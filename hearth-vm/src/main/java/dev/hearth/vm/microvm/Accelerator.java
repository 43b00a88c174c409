package dev.hearth.vm.microvm;

/** How QEMU runs guest code. */
enum Accelerator {
  /** Hardware virtualisation: near-native speed, ~0.1–0.3 s boots. */
  KVM("kvm"),
  /** QEMU's software emulation: works everywhere; guest code runs 7–25x slower. */
  TCG("tcg");

  private final String qemuName;

  Accelerator(String qemuName) {
    this.qemuName = qemuName;
  }

  String qemuName() {
    return qemuName;
  }
}
