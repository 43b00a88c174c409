package dev.hearth.vm.placement;

/**
 * One member's figures at one moment, for logs and metrics.
 *
 * @param name the member
 * @param live VMs placed on it and not yet released
 * @param allocations VMs placed on it so far
 * @param failures allocations on it that failed (and went on to the next member)
 */
public record MemberLoad(String name, int live, long allocations, long failures) {}
