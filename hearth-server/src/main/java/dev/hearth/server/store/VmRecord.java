package dev.hearth.server.store;

import java.time.Instant;

/** A VM's lifecycle record: {@code allocated}, then {@code released} or {@code reaped}. */
public record VmRecord(String vmId, long runId, String provider, String state, Instant allocatedAt, Instant releasedAt,
    String note) {}
