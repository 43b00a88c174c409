/**
 * A fake of GitHub's REST API for tests: {@link dev.hearth.testing.github.FakeGitHub} serves the
 * endpoints Hearth reports through (check runs, commit statuses, App installation tokens) over real
 * HTTP on loopback, shaped after GitHub's documented requests and answers, and records what it was
 * sent.
 */
package dev.hearth.testing.github;
