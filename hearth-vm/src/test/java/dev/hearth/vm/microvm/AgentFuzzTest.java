package dev.hearth.vm.microvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hearth.testing.TestLocks;
import dev.hearth.vm.ExecRequest;
import dev.hearth.vm.microvm.image.AgentSource;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The guest agent's C code under AddressSanitizer and UndefinedBehaviorSanitizer. The harness
 * {@code hearth-agent-fuzz.c} links {@code hearth-agent-wire.c} alone: every function that interprets
 * the host's bytes, none that runs a command, writes a file or reboots (the agent itself must never
 * run on this host: as root, its SHUTDOWN would reboot the machine). It is run over a corpus of frame
 * streams written here with the host's own encoders, then over seeded mutations of them: fixed seeds
 * plus one random seed, which the failure message prints with the command that repeats it. Any
 * sanitizer report (leaks included), failed property, crash or hang fails the test.
 *
 * <p>The harness, its corpus and a failing input stay in {@code target/agent-fuzz/}.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = TestLocks.CHILD_PROCESSES, mode = ResourceAccessMode.READ)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentFuzzTest {
  private static final String HARNESS = "/dev/hearth/vm/microvm/image/hearth-agent-fuzz.c";
  private static final List<String> SANITIZE =
      List.of("-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-g", "-O1");
  private static final long[] FIXED_SEEDS = {20261205L, 1L, 4242L};
  private static final int MUTATIONS = 25_000;
  private static final Path WORK = Path.of("target", "agent-fuzz").toAbsolutePath();
  private static final GuestAgent.Timeouts HOST_KEEPS_TIME = new GuestAgent.Timeouts.KeptByHost(Duration.ofSeconds(2));
  private static final GuestAgent.Timeouts AGENT_KEEPS_TIME = new GuestAgent.Timeouts.KeptByAgent();

  private static Path gcc;
  private static Path harness;
  private static List<Path> corpus;

  @BeforeAll
  static void buildHarnessAndCorpus() throws Exception {
    gcc = onPath("gcc").orElse(null);
    assumeTrue(gcc != null, "gcc is not installed: .ci/run installs Debian's gcc, which the agent fuzz test compiles with");
    Path src = WORK.resolve("src");
    Files.createDirectories(src);
    assumeSanitizersWork(src);
    for (String name : AgentSource.FILES) Files.write(src.resolve(name), AgentSource.bytes(name));
    Files.write(src.resolve("hearth-agent-fuzz.c"), resource(HARNESS));
    harness = WORK.resolve("hearth-agent-fuzz");
    List<String> build = new ArrayList<>(List.of(gcc.toString()));
    build.addAll(SANITIZE);
    build.addAll(List.of("-Wall", "-Wextra", "-Werror", "-I", src.toString(), "-o", harness.toString(),
        src.resolve("hearth-agent-fuzz.c").toString(), src.resolve("hearth-agent-wire.c").toString()));
    Run built = run(build, src, Duration.ofSeconds(120));
    assertThat(built.code()).as("building the harness: %s\n%s", String.join(" ", build), built.output()).isZero();
    corpus = Corpus.write(WORK.resolve("corpus"));
  }

  @Test
  void everyFrameTheHostEncodesDecodesInTheAgent() throws Exception {
    List<String> command = harnessCommand(List.of("--valid"), corpus);
    Run run = run(command, WORK, Duration.ofSeconds(60));
    assertThat(run.code()).as("%s\n%s", String.join(" ", command), run.output()).isZero();
    assertThat(run.output()).contains("no failure").doesNotContain("Sanitizer").doesNotContain("runtime error");
  }

  @Test
  void mutatedFramesNeverCrashLeakOrHangTheAgentsDecoders() throws Exception {
    long random = ThreadLocalRandom.current().nextLong() >>> 1;
    List<String> args = new ArrayList<>(List.of("--mutations", Integer.toString(MUTATIONS), "--crash-file",
        WORK.resolve("crash-" + random + ".bin").toString()));
    for (long seed : FIXED_SEEDS) args.addAll(List.of("--seed", Long.toString(seed)));
    args.addAll(List.of("--seed", Long.toString(random)));
    // the 300 KiB copy stays out: mutating it costs seconds and reaches no decoder the others miss
    List<String> command = harnessCommand(args, corpus.stream().filter(p -> !p.toString().contains("large")).toList());
    Run run = run(command, WORK, Duration.ofSeconds(90));
    assertThat(run.code())
        .as("the harness failed (random seed %d; repeat with: %s)\n%s", random, String.join(" ", command), run.output())
        .isZero();
    assertThat(run.output()).as("random seed %d", random).contains("no failure")
        .doesNotContain("Sanitizer").doesNotContain("runtime error");
  }

  @Test
  void agentCompilesWithoutWarningsUnderWextraAndTheStaticAnalyzer() throws Exception {
    Path dir = WORK.resolve("warnings");
    Files.createDirectories(dir);
    for (String name : AgentSource.FILES) Files.write(dir.resolve(name), AgentSource.bytes(name));
    List<String> command = new ArrayList<>(List.of(gcc.toString(), "-O2", "-Wall", "-Wextra", "-Werror", "-fanalyzer", "-c"));
    command.addAll(AgentSource.UNITS);
    Run run = run(command, dir, Duration.ofSeconds(120));
    assertThat(run.code()).as("%s\n%s", String.join(" ", command), run.output()).isZero();
    assertThat(run.output()).as("what gcc said").isBlank();
  }

  private static List<String> harnessCommand(List<String> options, List<Path> files) {
    List<String> command = new ArrayList<>(List.of(harness.toString()));
    command.addAll(options);
    for (Path file : files) command.add(file.toString());
    return command;
  }

  /** Skips, saying why, when gcc cannot build or run a sanitized program here. */
  private static void assumeSanitizersWork(Path dir) throws Exception {
    Path probe = dir.resolve("probe.c");
    Files.writeString(probe, "#include <stdlib.h>\nint main(void) { free(malloc(1)); return 0; }\n");
    Path out = dir.resolve("probe");
    List<String> build = new ArrayList<>(List.of(gcc.toString()));
    build.addAll(SANITIZE);
    build.addAll(List.of("-o", out.toString(), probe.toString()));
    Run built = run(build, dir, Duration.ofSeconds(60));
    assumeTrue(built.code() == 0, "gcc cannot link -fsanitize=address,undefined (Debian packages libasan8 and libubsan1, "
        + "which .ci/run installs): " + built.output());
    Run ran = run(List.of(out.toString()), dir, Duration.ofSeconds(30));
    assumeTrue(ran.code() == 0, "a program built with -fsanitize=address,undefined does not run on this machine: " + ran.output());
  }

  private record Run(int code, String output) {}

  /** Runs argv in dir with stdout and stderr to one file; a run past its time is killed and reported. */
  private static Run run(List<String> argv, Path dir, Duration limit) throws IOException, InterruptedException {
    Path log = Files.createTempFile(WORK, "run", ".log");
    try {
      Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      if (!p.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return new Run(-1, "still running after " + limit.toSeconds() + " s (a hang): " + Files.readString(log));
      }
      return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Optional<Path> onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
        .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = AgentFuzzTest.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("test resource " + name + " is missing");
      return in.readAllBytes();
    }
  }

  /**
   * Frame streams as the host writes them, one session shape per file, built with the encoders
   * {@link GuestAgent}, {@link MicrovmBoot} and {@link TreeUpload} send with.
   */
  static final class Corpus {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final WritableByteChannel channel = Channels.newChannel(bytes);

    private Corpus frame(int type, int id, byte[] payload) {
      try {
        FrameCodec.write(channel, new Frame(type, id, payload));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    private static Path save(Path dir, String name, Corpus c) throws IOException {
      return Files.write(dir.resolve(name), c.bytes.toByteArray());
    }

    static List<Path> write(Path dir) throws IOException {
      Files.createDirectories(dir);
      Random random = new Random(20261205);
      List<Path> files = new ArrayList<>();

      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
      env.put("HOME", "/home/runner");
      env.put("EMPTY", "");
      env.put("GITHUB_WORKSPACE", "/home/runner/work/repo");
      env.put("UNICODE", "é ü 雪 \uD83D\uDE00");
      byte[] stdin = "line 1\nline 2\n".getBytes(StandardCharsets.UTF_8);
      ExecRequest withStdin = new ExecRequest(List.of("sh", "-c", "cat; echo done"), env, "/home/runner/work", Duration.ofMinutes(5), stdin);
      files.add(save(dir, "exec-sandbox.bin", new Corpus()
          .frame(Frame.EXEC, 1, GuestAgent.execPayload(withStdin, "/home/runner/work", HOST_KEEPS_TIME))
          .frame(Frame.STDIN, 1, stdin)
          .frame(Frame.STDIN_END, 1, new byte[0])
          .frame(Frame.SIGNAL, 1, new byte[] {15})
          .frame(Frame.SIGNAL, 1, new byte[] {9})));

      List<String> manyArgs = new ArrayList<>(List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}", ""));
      for (int i = 0; i < 60; i++) manyArgs.add("arg-" + i + "=" + "x".repeat(i));
      Map<String, String> manyVars = new LinkedHashMap<>(env);
      for (int i = 0; i < 120; i++) manyVars.put("VAR_" + i, "value " + i);
      files.add(save(dir, "exec-microvm.bin", new Corpus()
          .frame(Frame.EXEC, 7, GuestAgent.execPayload(new ExecRequest(manyArgs, manyVars, "relative/dir", Duration.ofMillis(1500)),
              "/home/runner/work/relative/dir", AGENT_KEEPS_TIME))
          .frame(Frame.EXEC, 8, GuestAgent.execPayload(new ExecRequest(List.of("/bin/true"), Map.of(), "/", Duration.ofDays(36500)),
              "/", AGENT_KEEPS_TIME))
          .frame(Frame.EXEC, 9, GuestAgent.execPayload(new ExecRequest(List.of("missing-program"), Map.of("PATH", ":/a::/b:"),
              "/tmp", Duration.ofMillis(1)), "/tmp", AGENT_KEEPS_TIME))));

      Path tree = Files.createTempDirectory(WORK, "tree");
      try {
        files.add(save(dir, "copy-in.bin", copyIn(tree, random, 3, "/home/runner/work/_temp/in")));
        files.add(save(dir, "copy-in-large.bin", copyIn(tree, random, 300 * 1024, "relative/target")));
      } finally {
        try (Stream<Path> walk = Files.walk(tree)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }

      files.add(save(dir, "get.bin", new Corpus()
          .frame(Frame.GET, 11, new PayloadWriter().string("/home/runner/work/out").bytes())
          .frame(Frame.GET, 12, new PayloadWriter().string("/").bytes())
          .frame(Frame.GET, 13, new PayloadWriter().string("dir/é/" + "deep/".repeat(40)).bytes())));

      byte[] seed = new byte[64];
      random.nextBytes(seed);
      byte[] ping = new byte[64];
      random.nextBytes(ping);
      files.add(save(dir, "resume-ping-shutdown.bin", new Corpus()
          .frame(Frame.RESUME, 1, MicrovmBoot.resumePayload(Instant.parse("2026-12-05T00:00:00.123456789Z"), seed))
          .frame(Frame.PING, 2, new byte[] {1})
          .frame(Frame.PING, 3, ping)
          .frame(Frame.SHUTDOWN, 0, new byte[0])));

      Corpus mixed = new Corpus()
          .frame(Frame.EXEC, 21, GuestAgent.execPayload(withStdin, "/", HOST_KEEPS_TIME))
          .frame(Frame.PUT_BEGIN, 22, new PayloadWriter().string("/tmp/x").bytes())
          .frame(Frame.STDIN, 21, stdin);
      TreeUpload.send(Files.writeString(Files.createTempFile(WORK, "single", ".txt"), "one file\n"),
          (type, payload) -> mixed.frame(type, 22, payload));
      mixed.frame(Frame.STDIN_END, 21, new byte[0]).frame(Frame.PUT_END, 22, new byte[0]).frame(Frame.SIGNAL, 21, new byte[] {9});
      files.add(save(dir, "mixed.bin", mixed));
      try (Stream<Path> singles = Files.list(WORK)) {
        for (Path p : singles.filter(p -> p.getFileName().toString().startsWith("single")).toList()) Files.delete(p);
      }
      return files;
    }

    /** PUT_BEGIN, a real tree as TreeUpload sends it, PUT_END. */
    private static Corpus copyIn(Path tree, Random random, int fileSize, String guestPath) throws IOException {
      Path root = Files.createDirectories(tree.resolve("root-" + fileSize));
      byte[] data = new byte[fileSize];
      random.nextBytes(data);
      Files.write(root.resolve("data.bin"), data);
      Files.writeString(root.resolve("empty"), "");
      Path sub = Files.createDirectories(root.resolve("sub dir/é"));
      Files.writeString(sub.resolve("script.sh"), "#!/bin/sh\necho hi\n");
      Files.setPosixFilePermissions(sub.resolve("script.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.createSymbolicLink(root.resolve("link"), Path.of("sub dir/é/script.sh"));
      Files.createSymbolicLink(root.resolve("dangling"), Path.of("../../nowhere"));
      Path readOnly = Files.createDirectories(root.resolve("read-only"));
      Files.writeString(readOnly.resolve("kept"), "k");
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
      Corpus c = new Corpus().frame(Frame.PUT_BEGIN, 5, new PayloadWriter().string(guestPath).bytes());
      TreeUpload.send(root, (type, payload) -> c.frame(type, 5, payload));
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
      return c.frame(Frame.PUT_END, 5, new byte[0]);
    }
  }
}
