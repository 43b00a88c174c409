/**
 * The {@code gvisor} provider: one gVisor sandbox ({@code runsc}, ptrace platform) per VM, with the
 * read-only system root of {@link dev.hearth.vm.root}, a private work directory and {@code /tmp}, and
 * a {@code NONE} or {@code OUTBOUND} network. See {@link dev.hearth.vm.gvisor.GvisorVmProvider}.
 */
package dev.hearth.vm.gvisor;
