package dev.hearth.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server from Debian's {@code postgresql} package: {@code initdb} into a
 * temporary directory, {@code pg_ctl start} on a free loopback port, a fresh database per test.
 * initdb refuses to run as root, so as root the server runs as {@code nobody} through {@code setpriv}.
 */
public final class PostgresCluster implements AutoCloseable {
  private final Path dir;
  private final Path bin;
  private final int port;
  private final List<String> asUser;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresCluster(Path dir, Path bin, int port, List<String> asUser) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.asUser = asUser;
  }

  /** The directory holding initdb and pg_ctl, when PostgreSQL's server is installed. */
  public static Optional<Path> binaries() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))
          && Files.isExecutable(b.resolve("pg_ctl"))).max(Comparator.naturalOrder());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public static PostgresCluster start() throws Exception {
    Path bin = binaries().orElseThrow();
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> asUser = root ? List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--") : List.of();
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "hearth-pg-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    if (root) run(List.of("chown", "65534:65534", dir.toString()), List.of());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = dir.resolve("data");
    run(asUser, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "hearth", "--auth=trust",
        "-E", "UTF8", "--no-locale", "--no-sync"));
    run(asUser, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("log").toString(),
        "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    return new PostgresCluster(dir, bin, port, asUser);
  }

  /** A new, empty database's store URL. */
  public String newDatabase() throws Exception {
    String name = "hearth_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "hearth", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return "postgresql://hearth:unused@127.0.0.1:" + port + "/" + name;
  }

  private static void run(List<String> prefix, List<String> command) throws Exception {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(command);
    Process p = new ProcessBuilder(all).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", all) + " failed: " + out);
    }
  }

  @Override
  public void close() throws Exception {
    run(asUser, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
