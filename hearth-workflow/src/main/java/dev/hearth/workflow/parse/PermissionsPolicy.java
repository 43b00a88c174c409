package dev.hearth.workflow.parse;

/**
 * A repository's default {@code GITHUB_TOKEN} permissions, which apply where a workflow sets none:
 * GitHub's "Read repository contents and packages permissions" ({@link #LIMITED_READ}) or "Read and
 * write permissions" ({@link #WRITE}).
 */
public enum PermissionsPolicy {
  LIMITED_READ,
  WRITE
}
