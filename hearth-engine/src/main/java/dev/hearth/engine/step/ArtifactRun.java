package dev.hearth.engine.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code actions/upload-artifact} and {@code actions/download-artifact}, run by Hearth inside the
 * run's VM: an artifact is a directory under {@code <vm.workDir()>/artifacts/<name>}, so it lives
 * exactly as long as the run's VM and is seen by every job of the run in allocation scope
 * {@code workflow} (the default), where all jobs share that VM. In scope {@code job} each job has a
 * VM of its own, and a download of another job's artifact fails saying so. Nothing leaves the VM.
 *
 * <p>Upload follows upload-artifact v4: {@code path} lines are files, directories or globs
 * ({@code **} included), {@code !} lines exclude; files are stored relative to the least common
 * ancestor of the search paths (a single file: its directory); hidden files only with
 * {@code include-hidden-files}; {@code if-no-files-found} warn (default), error or ignore; a second
 * upload of a name fails unless {@code overwrite}. Download follows download-artifact v4:
 * {@code name} into {@code path} (default the workspace), or every artifact (filtered by
 * {@code pattern}) into {@code path/<name>}, or into {@code path} with {@code merge-multiple}.
 */
final class ArtifactRun {
  private final JobRun job;
  private final StepLog log;

  ArtifactRun(JobRun job, StepLog log) {
    this.job = job;
    this.log = log;
  }

  static boolean handles(String repo) {
    String r = repo.toLowerCase(Locale.ROOT);
    return r.equals("upload-artifact") || r.equals("download-artifact");
  }

  StepResult run(String repo, Map<String, String> with, Map<String, String> stepEnv) throws InterruptedException {
    boolean upload = repo.toLowerCase(Locale.ROOT).equals("upload-artifact");
    Map<String, String> env = new LinkedHashMap<>(job.env().process(stepEnv));
    String script = HearthScript.of("actions/" + repo + ", run by Hearth (artifacts stay in the run's VM)",
        upload ? upload(with) : download(with), env);
    JobRun.Limit limit = job.limit(Optional.empty());
    ScriptRequest request = new ScriptRequest(script, ShellCommand.parse("bash"), job.invocation().workspace(), env,
        limit.timeout(), limit.isJobDeadline(), !job.stopping());
    StepOutput output = new StepOutput(log, job.masker(), job.commands(), job.debug(), false);
    return new ScriptStep(job.vm(), job.tempDir(), job.stepFilesId(), job.invocation().cancellation(), log)
        .run(request, output);
  }

  private String store() {
    return job.vm().workDir() + "/artifacts";
  }

  private String upload(Map<String, String> with) {
    String name = with.getOrDefault("name", "").strip();
    if (name.isEmpty()) name = "artifact";
    List<String> includes = new ArrayList<>();
    List<String> excludes = new ArrayList<>();
    for (String line : with.getOrDefault("path", "").split("\n")) {
      String p = line.strip();
      if (p.isEmpty()) continue;
      if (p.startsWith("!")) excludes.add(p.substring(1).strip());
      else includes.add(p);
    }
    String mode = with.getOrDefault("if-no-files-found", "warn").strip().toLowerCase(Locale.ROOT);
    StringBuilder s = new StringBuilder();
    s.append("store=").append(q(store())).append("; name=").append(q(name)).append("; mode=").append(q(mode)).append('\n');
    s.append("overwrite=").append(q(flag(with, "overwrite"))).append("; hidden=").append(q(flag(with, "include-hidden-files")))
        .append('\n');
    s.append("includes=(").append(words(includes)).append(")\nexcludes=(").append(words(excludes)).append(")\n");
    s.append("searches=(").append(words(includes.stream().map(ArtifactRun::searchPath).toList())).append(")\n");
    s.append(UPLOAD);
    return s.toString();
  }

  private String download(Map<String, String> with) {
    String path = with.getOrDefault("path", "").strip();
    StringBuilder s = new StringBuilder();
    s.append("store=").append(q(store())).append("; name=").append(q(with.getOrDefault("name", "").strip()))
        .append("; path=").append(q(path)).append("; pattern=").append(q(with.getOrDefault("pattern", "").strip()))
        .append("; merge=").append(q(flag(with, "merge-multiple"))).append('\n');
    s.append(DOWNLOAD);
    return s.toString();
  }

  /** The literal directories before a pattern's first glob segment, as {@code @actions/glob} takes them ("." for none). */
  static String searchPath(String pattern) {
    String[] segments = pattern.split("/", -1);
    StringBuilder out = new StringBuilder(pattern.startsWith("/") ? "/" : "");
    for (String seg : segments) {
      if (seg.isEmpty()) continue;
      if (seg.contains("*") || seg.contains("?") || seg.contains("[")) break;
      if (!out.isEmpty() && out.charAt(out.length() - 1) != '/') out.append('/');
      out.append(seg);
    }
    return out.isEmpty() ? "." : out.toString();
  }

  private static String flag(Map<String, String> with, String key) {
    return "true".equalsIgnoreCase(with.getOrDefault(key, "false").strip()) ? "true" : "false";
  }

  private static String words(List<String> values) {
    StringBuilder b = new StringBuilder();
    for (String v : values) b.append(b.isEmpty() ? "" : " ").append(q(v));
    return b.toString();
  }

  private static String q(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static final String UPLOAD = """
      shopt -s globstar nullglob
      [ "$hidden" = true ] && shopt -s dotglob
      dest="$store/$name"
      if [ -e "$dest" ]; then
        if [ "$overwrite" = true ]; then rm -rf "$dest"; else
          echo "::error::Failed to upload the artifact '$name': an artifact of that name already exists in this run (set 'overwrite: true' to replace it)"
          exit 1
        fi
      fi
      files=()
      add() { if [ -d "$1" ]; then while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$1" -type f -print0); elif [ -f "$1" ]; then files+=("$1"); fi; }
      for p in "${includes[@]}"; do
        case "$p" in
          *[\\*\\?\\[]*) for m in $p; do add "$m"; done ;;
          *) add "$p" ;;
        esac
      done
      kept=()
      for f in "${files[@]}"; do
        f="${f#./}"
        base="${f##*/}"
        if [ "$hidden" != true ] && [[ "/$f" == */.* ]]; then continue; fi
        skip=
        for e in "${excludes[@]}"; do [[ "$f" == $e || "$f" == $e/* ]] && skip=1; done
        [ -z "$skip" ] && kept+=("$f")
      done
      if [ ${#kept[@]} -eq 0 ]; then
        msg="No files were found with the provided path: ${includes[*]}. No artifacts will be uploaded."
        case "$mode" in
          error) echo "::error::$msg"; exit 1 ;;
          ignore) echo "$msg" ;;
          *) echo "::warning::$msg" ;;
        esac
        exit 0
      fi
      # the root: the least common ancestor of the search paths (one search path that is a file: its directory)
      if [ ${#searches[@]} -eq 1 ] && [ -f "${searches[0]}" ]; then root=$(dirname "${searches[0]}"); else
        root="${searches[0]}"
        for s in "${searches[@]}"; do
          while [ "$root" != "." ] && [ "$root" != "/" ] && [[ "$s/" != "$root/"* ]]; do root=$(dirname "$root"); done
        done
      fi
      mkdir -p "$dest"
      for f in "${kept[@]}"; do
        rel="$f"; [ "$root" = "." ] || rel="${f#"$root"/}"
        mkdir -p "$dest/$(dirname "$rel")" && cp -p "$f" "$dest/$rel"
      done
      echo "Uploaded ${#kept[@]} file(s) as the artifact '$name' (kept in the run's VM; root $root)"
      echo "artifact-id=$(ls -1 "$store" | wc -l)" >> "$GITHUB_OUTPUT"
      echo "artifact-url=" >> "$GITHUB_OUTPUT"
      """;

  private static final String DOWNLOAD = """
      shopt -s nullglob
      ws="$PWD"
      [ -n "$path" ] || path="$ws"
      case "$path" in /*) ;; ~*) path="$HOME${path#\\~}" ;; *) path="$ws/$path" ;; esac
      scope_hint="Hearth keeps artifacts in the run's VM: jobs see each other's artifacts in allocation scope 'workflow' (the default), not with --scope job."
      if [ -n "$name" ]; then
        if [ ! -d "$store/$name" ]; then echo "::error::Unable to download artifact(s): Artifact not found for name: $name. $scope_hint"; exit 1; fi
        mkdir -p "$path" && cp -pR "$store/$name/." "$path/"
        echo "Artifact '$name' downloaded to $path"
      else
        n=0
        for d in "$store"/*/; do
          a=$(basename "$d")
          if [ -n "$pattern" ] && [[ "$a" != $pattern ]]; then continue; fi
          if [ "$merge" = true ]; then target="$path"; else target="$path/$a"; fi
          mkdir -p "$target" && cp -pR "$store/$a/." "$target/"
          n=$((n + 1))
        done
        echo "Downloaded $n artifact(s) to $path"
      fi
      echo "download-path=$path" >> "$GITHUB_OUTPUT"
      """;
}
