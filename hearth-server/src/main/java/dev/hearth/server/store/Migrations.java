package dev.hearth.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: {@code db/<dialect>/V<n>__<name>.sql} on the classpath, applied in
 * order, each in its own transaction, recorded in {@code schema_version}. Hand-written rather than
 * Flyway: a few dozen lines cover two dialects and keep the server's dependencies small.
 * Migrations are append-only: a released one is never edited.
 */
public final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /**
   * Every migration in order; a new one is added at the end with the next version. The version is the
   * number in the file's name ({@code V4__…} is version 4).
   */
  static final List<String> ALL = List.of("V1__deliveries_runs_jobs_steps_logs_vms.sql",
      "V2__fleet_hosts_leases_concurrency.sql",
      "V3__report_outbox.sql",
      "V4__job_concurrency_groups.sql");

  private Migrations() {}

  /** Applies the migrations {@code database} lacks; returns the schema version it is at. */
  public static int apply(Database database) {
    database.transaction("creating schema_version", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
            + "applied_at BIGINT NOT NULL)");
      }
      return null;
    });
    int current = 0;
    for (int i = 0; i < ALL.size(); i++) {
      String name = ALL.get(i);
      int version = version(name);
      boolean applied = database.transaction("applying migration " + name, c -> {
        if (database.dialect() == Database.Dialect.POSTGRESQL) {
          try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE schema_version IN EXCLUSIVE MODE");
          }
        }
        if (isApplied(c, version)) return false;
        for (String sql : statements(database.dialect(), name)) {
          try (Statement s = c.createStatement()) {
            s.execute(sql);
          }
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
          p.setInt(1, version);
          p.setString(2, name);
          p.setLong(3, System.currentTimeMillis());
          p.executeUpdate();
        }
        return true;
      });
      if (applied) LOG.info("store={} migration {} applied", database, name);
      current = version;
    }
    return current;
  }

  /** The version a migration's file name carries: {@code V4__job_concurrency_groups.sql} is 4. */
  static int version(String name) {
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }

  private static boolean isApplied(Connection c, int version) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
      p.setInt(1, version);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  private static List<String> statements(Database.Dialect dialect, String name) {
    String path = "/db/" + dialect.directory() + "/" + name;
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) throw new StoreException("migration " + path + " is missing from the classpath");
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
      return java.util.Arrays.stream(text.split(";\\s*(\\n|$)")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    } catch (IOException e) {
      throw new StoreException("cannot read migration " + path + ": " + e.getMessage(), e);
    }
  }
}
