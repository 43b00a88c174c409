package dev.hearth.engine.action;

import java.util.Locale;

/** What a step's {@code uses} names: an action in the workspace, in a repository, or a Docker image. */
public sealed interface ActionReference {

  /** {@code ./path}: a directory of the workspace (relative to {@code $GITHUB_WORKSPACE}). */
  record Local(String path) implements ActionReference {
    @Override
    public String toString() {
      return "./" + path;
    }
  }

  /** {@code docker://image}: never run by Hearth without a container engine in the VM image. */
  record DockerImage(String image) implements ActionReference {
    @Override
    public String toString() {
      return "docker://" + image;
    }
  }

  /**
   * {@code owner/repo[/path]@ref}: a directory of a repository at a ref (branch, tag or commit).
   *
   * @param path the action's directory inside the repository, "" for its root
   */
  record Remote(String owner, String repo, String path, String ref) implements ActionReference {
    /** {@code owner/repo@ref}: what the store and {@code --action-dir} are keyed by. */
    public String repositoryRef() {
      return owner + "/" + repo + "@" + ref;
    }

    /** The command that puts this action's repository into the store. */
    public String fetchCommand() {
      return "hearth actions fetch " + repositoryRef();
    }

    /** True for {@code actions/checkout}, which Hearth runs itself. */
    public boolean isCheckout() {
      return owner.toLowerCase(Locale.ROOT).equals("actions") && repo.toLowerCase(Locale.ROOT).equals("checkout")
          && path.isEmpty();
    }

    @Override
    public String toString() {
      return owner + "/" + repo + (path.isEmpty() ? "" : "/" + path) + "@" + ref;
    }
  }

  /**
   * Reads {@code uses}.
   *
   * @throws IllegalArgumentException naming the value and the forms expected
   */
  static ActionReference parse(String uses) {
    String u = uses.strip();
    if (u.startsWith("./") || u.equals(".")) return new Local(u.equals(".") ? "" : u.substring(2));
    if (u.startsWith("docker://")) return new DockerImage(u.substring("docker://".length()));
    int at = u.lastIndexOf('@');
    String[] parts = at > 0 ? u.substring(0, at).split("/", 3) : new String[0];
    if (at <= 0 || at == u.length() - 1 || parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("'uses: " + uses + "' must have the form {owner}/{repo}[/path]@ref,"
          + " ./local/path or docker://image");
    }
    String path = parts.length == 3 ? parts[2].replaceAll("/+$", "") : "";
    return new Remote(parts[0], parts[1], path, u.substring(at + 1));
  }
}
