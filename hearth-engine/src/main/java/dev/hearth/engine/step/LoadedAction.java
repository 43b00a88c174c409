package dev.hearth.engine.step;

import dev.hearth.engine.action.ActionReference;
import dev.hearth.workflow.action.Action;

/**
 * An action ready to run: its metadata and where its files are in the VM.
 *
 * @param reference what the step's {@code uses} named
 * @param action the parsed {@code action.yml}
 * @param path the action's directory in the VM ({@code github.action_path}, {@code $GITHUB_ACTION_PATH})
 */
record LoadedAction(ActionReference reference, Action action, String path) {
  /** {@code owner/repo} for a remote action, "" for a local one ({@code $GITHUB_ACTION_REPOSITORY}). */
  String repository() {
    return reference instanceof ActionReference.Remote r ? r.owner() + "/" + r.repo() : "";
  }

  String ref() {
    return reference instanceof ActionReference.Remote r ? r.ref() : "";
  }
}
