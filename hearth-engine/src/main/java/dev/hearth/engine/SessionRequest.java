package dev.hearth.engine;

import dev.hearth.vm.VmSpec;
import java.util.Objects;

/**
 * What a session is opened for.
 *
 * @param runId the run it serves
 * @param spec the VM to allocate
 * @param scope what the VM serves (for events and logs)
 * @param cancellation stops the wait for admission and the allocation
 * @param listener receives {@link RunEvent.VmAllocated} and {@link RunEvent.VmReleased}
 */
public record SessionRequest(
    String runId, VmSpec spec, AllocationScope scope, Cancellation cancellation, RunListener listener) {

  public SessionRequest {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(listener, "listener");
  }
}
