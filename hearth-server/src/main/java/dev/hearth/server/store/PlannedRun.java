package dev.hearth.server.store;

/** A run to queue for a delivery: the selected workflow's file (relative to the repository) and name. */
public record PlannedRun(String workflowFile, String workflowName) {}
