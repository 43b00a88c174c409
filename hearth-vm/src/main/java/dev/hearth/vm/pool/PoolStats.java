package dev.hearth.vm.pool;

/**
 * A pool's state at one moment, for logs and metrics. Counters only grow.
 *
 * @param target ready VMs the pool aims for (size × shapes)
 * @param idle ready VMs waiting to be handed out
 * @param refilling allocations in progress to refill the pool
 * @param inUse VMs handed out (warm or cold) and not yet released
 * @param warm allocations served from the pool
 * @param cold allocations that had to wait for a fresh VM (pool empty, or a shape it does not keep)
 * @param unhealthy pooled VMs that failed a health check and were replaced
 * @param refillFailures refill allocations that failed
 */
public record PoolStats(int target, int idle, int refilling, int inUse, long warm, long cold, long unhealthy, long refillFailures) {}
