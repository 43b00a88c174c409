/**
 * {@code hearth serve}: from a signed GitHub webhook to a reported result. Sub-packages, one job
 * each: the webhook intake, source mirrors (git), the durable store and queue, GitHub reporting,
 * the REST API and metrics. Depends on the engine and the workflow model; nothing depends on it
 * but the CLI.
 */
package dev.hearth.server;
