package dev.hearth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Value.ObjectValue;
import dev.hearth.workflow.expr.Value.StringValue;
import dev.hearth.workflow.expr.Values;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * GitHub's default variables for a job ({@code CI}, {@code GITHUB_*}, {@code RUNNER_*}, {@code HOME},
 * {@code PATH}) and the {@code github} and {@code runner} contexts they mirror. Paths are inside the VM.
 */
final class DefaultEnvironment {
  /** The {@code PATH} a job starts with; steps extend it through {@code GITHUB_PATH}. */
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  static final String RUNNER_OS = "Linux";

  private DefaultEnvironment() {}

  /** The variables of job {@code job} running in VM {@code vmId} laid out as {@code layout}. */
  static Map<String, String> forJob(RunRequest request, VmLayout layout, String job, String vmId) {
    Event event = request.plan().event();
    RunMetadata meta = request.metadata();
    String ref = event.ref().orElse("");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CI", "true");
    env.put("GITHUB_ACTIONS", "true");
    env.put("GITHUB_WORKSPACE", layout.workspace());
    env.put("GITHUB_EVENT_PATH", layout.eventPath());
    env.put("GITHUB_EVENT_NAME", event.name());
    env.put("GITHUB_SHA", meta.sha());
    env.put("GITHUB_REF", ref);
    env.put("GITHUB_REF_NAME", refName(ref));
    env.put("GITHUB_REF_TYPE", refType(ref));
    env.put("GITHUB_REPOSITORY", meta.repository());
    env.put("GITHUB_REPOSITORY_OWNER", owner(meta.repository()));
    env.put("GITHUB_RUN_ID", request.runId());
    env.put("GITHUB_RUN_NUMBER", Long.toString(meta.runNumber()));
    env.put("GITHUB_RUN_ATTEMPT", Integer.toString(meta.runAttempt()));
    env.put("GITHUB_JOB", job);
    env.put("GITHUB_WORKFLOW", workflowName(request));
    env.put("GITHUB_ACTOR", meta.actor());
    env.put("GITHUB_SERVER_URL", meta.serverUrl());
    env.put("GITHUB_API_URL", meta.apiUrl());
    env.put("GITHUB_BASE_REF", event.baseRef().orElse(""));
    env.put("GITHUB_HEAD_REF", headRef(event));
    env.put("RUNNER_OS", RUNNER_OS);
    env.put("RUNNER_ARCH", arch());
    env.put("RUNNER_NAME", runnerName(vmId));
    env.put("RUNNER_TEMP", layout.temp());
    env.put("RUNNER_TOOL_CACHE", layout.toolCache());
    env.put("HOME", layout.home());
    env.put("PATH", PATH);
    return env;
  }

  /**
   * The {@code github} context. {@code layout} may be null before the job has a VM (job {@code if},
   * deferred matrices): then {@code workspace} and {@code event_path} are empty.
   */
  static ObjectValue github(RunRequest request, VmLayout layout, String job) {
    Event event = request.plan().event();
    RunMetadata meta = request.metadata();
    String ref = event.ref().orElse("");
    ObjectValue.Builder b = ObjectValue.builder();
    b.put("event_name", str(event.name()));
    b.put("event", payload(event.payload()));
    b.put("sha", str(meta.sha()));
    b.put("ref", str(ref));
    b.put("ref_name", str(refName(ref)));
    b.put("ref_type", str(refType(ref)));
    b.put("base_ref", str(event.baseRef().orElse("")));
    b.put("head_ref", str(headRef(event)));
    b.put("repository", str(meta.repository()));
    b.put("repository_owner", str(owner(meta.repository())));
    b.put("run_id", str(request.runId()));
    b.put("run_number", str(Long.toString(meta.runNumber())));
    b.put("run_attempt", str(Integer.toString(meta.runAttempt())));
    b.put("job", str(job == null ? "" : job));
    b.put("workflow", str(workflowName(request)));
    b.put("actor", str(meta.actor()));
    b.put("triggering_actor", str(meta.actor()));
    b.put("server_url", str(meta.serverUrl()));
    b.put("api_url", str(meta.apiUrl()));
    b.put("workspace", str(layout == null ? "" : layout.workspace()));
    b.put("event_path", str(layout == null ? "" : layout.eventPath()));
    b.put("action", str(""));
    b.put("token", str(""));
    return b.build();
  }

  /** The {@code runner} context for a VM laid out as {@code layout}. */
  static ObjectValue runner(VmLayout layout, String vmId) {
    return ObjectValue.builder()
        .put("name", str(runnerName(vmId)))
        .put("os", str(RUNNER_OS))
        .put("arch", str(arch()))
        .put("temp", str(layout.temp()))
        .put("tool_cache", str(layout.toolCache()))
        .put("environment", str("self-hosted"))
        .put("debug", str(""))
        .build();
  }

  static String workflowName(RunRequest request) {
    var name = request.plan().workflow().name();
    return name != null ? name.text() : request.plan().workflow().file();
  }

  static String refName(String ref) {
    if (ref.startsWith("refs/heads/")) return ref.substring("refs/heads/".length());
    if (ref.startsWith("refs/tags/")) return ref.substring("refs/tags/".length());
    if (ref.startsWith("refs/pull/")) return ref.substring("refs/pull/".length());
    return ref;
  }

  static String refType(String ref) {
    return ref.startsWith("refs/tags/") ? "tag" : "branch";
  }

  static String owner(String repository) {
    int slash = repository.indexOf('/');
    return slash < 0 ? repository : repository.substring(0, slash);
  }

  static String arch() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "X64";
      case "aarch64", "arm64" -> "ARM64";
      case "x86", "i386", "i686" -> "X86";
      default -> arch.toUpperCase(Locale.ROOT);
    };
  }

  private static String runnerName(String vmId) {
    return "hearth-" + vmId;
  }

  private static String headRef(Event event) {
    if (!event.name().startsWith("pull_request")) return "";
    JsonNode head = event.payload().path("pull_request").path("head").path("ref");
    return head.isTextual() ? head.asText() : "";
  }

  private static Value payload(JsonNode payload) {
    return payload == null || payload.isMissingNode() ? ObjectValue.of(Map.of()) : Values.fromJson(payload);
  }

  private static Value str(String s) {
    return new StringValue(s);
  }
}
