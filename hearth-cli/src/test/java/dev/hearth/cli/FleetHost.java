package dev.hearth.cli;

import dev.hearth.testing.WebhookClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code hearth serve} process of a test fleet (the shaded jar): its own host id, data directory
 * and temporary directory (where the host provider's VMs live), the shared store. Started again with
 * the same id and directories, it is the same host coming back.
 */
record FleetHost(String id, Process process, WebhookClient client, java.util.Queue<String> log) {
  static final Path JAR = Path.of(System.getProperty("user.dir")).resolve("target/hearth.jar");
  static final String SECRET = "fleet-secret";
  static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  /** Where host {@code id}'s VMs live under {@code tmp}. */
  static Path vms(Path tmp, String id) {
    return tmp.resolve(id + "/java-tmp/hearth-vms");
  }

  /** A host whose {@code fleet:} section has {@code extraConfig} besides its id and a 3 s lease. */
  static FleetHost start(Path tmp, String id, String storeUrl, String gitBaseUrl, int maxSessions, String extraConfig)
      throws Exception {
    return start(tmp, id, storeUrl, gitBaseUrl, maxSessions, 3, extraConfig, "");
  }

  /** {@link #start}, with {@code topLevelConfig} (such as a {@code github:} section) added to the config file. */
  static FleetHost start(Path tmp, String id, String storeUrl, String gitBaseUrl, int maxSessions, String extraConfig,
      String topLevelConfig) throws Exception {
    return start(tmp, id, storeUrl, gitBaseUrl, maxSessions, 3, extraConfig, topLevelConfig);
  }

  /** A host with leases of {@code leaseSeconds}; {@code extraConfig} goes under {@code fleet:}. */
  static FleetHost start(Path tmp, String id, String storeUrl, String gitBaseUrl, int maxSessions, int leaseSeconds,
      String extraConfig) throws Exception {
    return start(tmp, id, storeUrl, gitBaseUrl, maxSessions, leaseSeconds, extraConfig, "");
  }

  /** The general form: leases of {@code leaseSeconds}, {@code extraConfig} under {@code fleet:}, {@code topLevelConfig} at the top. */
  static FleetHost start(Path tmp, String id, String storeUrl, String gitBaseUrl, int maxSessions, int leaseSeconds,
      String extraConfig, String topLevelConfig) throws Exception {
    Path home = tmp.resolve(id);
    Files.createDirectories(home.resolve("java-tmp"));
    Path config = Files.writeString(home.resolve("hearth.yml"), """
        listen: 127.0.0.1:0
        data-dir: %s
        store: %s
        provider: host
        max-sessions: %d
        source:
          base-url: %s
        fleet:
          host-id: %s
          lease-seconds: %d
        %s
        %s""".formatted(home.resolve("data"), storeUrl, maxSessions, gitBaseUrl, id, leaseSeconds, extraConfig.indent(2),
            topLevelConfig));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + home.resolve("java-tmp"), "-jar", JAR.toString(),
        "serve", "--config", config.toString()).redirectErrorStream(true);
    pb.environment().put("HEARTH_WEBHOOK_SECRET", SECRET);
    Process p = pb.start();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    java.util.Queue<String> log = new java.util.concurrent.ConcurrentLinkedQueue<>();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          log.add(line);
          if (line.contains("WARN") || line.contains("ERROR") || line.contains("listening")) {
            System.out.println("[" + id + "] " + line);
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) port.complete(Integer.parseInt(m.group(1)));
        }
      } catch (IOException e) {
        port.completeExceptionally(e);
      }
      port.completeExceptionally(new IllegalStateException("hearth serve " + id + " exited before listening"));
    });
    return new FleetHost(id, p, new WebhookClient(port.get(90, TimeUnit.SECONDS)), log);
  }

  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
  }
}
