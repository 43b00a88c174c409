package dev.hearth.engine;

import java.time.Duration;

/**
 * How long one {@code VmProvider.allocate} may take before the run fails with a reason, unless the
 * {@link SessionManager} is given another: a hung provider must not hang a run forever.
 *
 * <ul>
 *   <li>{@code microvm} and {@code firecracker}: 20 minutes. The first allocation of a process may
 *       build the guest image from Debian packages (minutes), and a boot under TCG on a loaded
 *       2-core host takes tens of seconds;
 *   <li>{@code host}, {@code sandbox}, {@code gvisor} and {@code test}: 5 minutes (they allocate in
 *       well under a second; minutes mean something is stuck);
 *   <li>any other provider: 10 minutes.
 * </ul>
 */
public final class AllocationTimeouts {
  private AllocationTimeouts() {}

  public static Duration defaultFor(String providerName) {
    return switch (providerName) {
      case "microvm", "firecracker" -> Duration.ofMinutes(20);
      case "host", "sandbox", "gvisor", "test" -> Duration.ofMinutes(5);
      default -> Duration.ofMinutes(10);
    };
  }
}
