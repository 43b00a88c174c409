package dev.hearth.vm.sandbox;

import dev.hearth.vm.root.GuestUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The host command line that runs one command inside a live sandbox: {@code nsenter} joins the
 * sandbox's user, mount, pid, IPC, UTS and network namespaces and its root as the runner user, then
 * {@code setsid} makes the command the leader of a new session (so its whole tree can be found and
 * killed) and {@code env -C} enters the working directory.
 *
 * <p>The command's environment is handed down as the environment of {@code nsenter}, except variables
 * that steer the host's dynamic loader or C library ({@code LD_PRELOAD} and the rest of glibc's list of
 * unsafe variables): those would act on the host's {@code nsenter} before it enters the sandbox, so they
 * go on {@code env}'s command line instead and reach only the command.
 */
record GuestCommand(Tools tools, long namespacePid, GuestUser user) {
  private static final Set<String> LOADER_VARIABLES = Set.of("GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES",
      "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS",
      "TZDIR", "MALLOC_CHECK_", "MALLOC_ARENA_MAX", "MALLOC_PERTURB_");

  /** The argv for {@code argv} in {@code cwd} (an absolute guest path). */
  List<String> argv(String cwd, Map<String, String> env, List<String> argv) {
    List<String> command = new ArrayList<>(List.of(tools.nsenter().orElseThrow().toString(),
        "--target", Long.toString(namespacePid), "--user", "--mount", "--pid", "--ipc", "--uts", "--net",
        "--setuid", Integer.toString(user.uid()), "--setgid", Integer.toString(user.gid()), "--root", "--wd",
        "/usr/bin/setsid", "-w", "/usr/bin/env", "-C", cwd, "--"));
    env.forEach((name, value) -> {
      if (isLoaderVariable(name)) command.add(name + "=" + value);
    });
    command.addAll(argv);
    return command;
  }

  /** The environment of the {@code nsenter} process: {@code env} without the loader's variables. */
  static Map<String, String> processEnvironment(Map<String, String> env) {
    Map<String, String> safe = new HashMap<>();
    env.forEach((name, value) -> {
      if (!isLoaderVariable(name)) safe.put(name, value);
    });
    return safe;
  }

  private static boolean isLoaderVariable(String name) {
    return name.startsWith("LD_") || LOADER_VARIABLES.contains(name);
  }
}
