package dev.hearth.server.github;

import java.util.Objects;

/** A repository on GitHub: {@code owner/name}. */
public record GitHubRepo(String owner, String name) {
  public GitHubRepo {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    if (owner.isBlank() || name.isBlank() || owner.contains("/") || name.contains("/")) {
      throw new IllegalArgumentException("a GitHub repository is 'owner/name', but got owner '" + owner + "', name '" + name + "'");
    }
  }

  /** {@code owner/name}, as a payload's {@code repository.full_name} gives it. */
  public static GitHubRepo parse(String fullName) {
    int slash = fullName.indexOf('/');
    if (slash <= 0 || slash != fullName.lastIndexOf('/') || slash == fullName.length() - 1) {
      throw new IllegalArgumentException("a GitHub repository is written 'owner/name', but was '" + fullName + "'");
    }
    return new GitHubRepo(fullName.substring(0, slash), fullName.substring(slash + 1));
  }

  /** {@code /repos/owner/name}. */
  String path() {
    return "/repos/" + owner + "/" + name;
  }

  @Override
  public String toString() {
    return owner + "/" + name;
  }
}
