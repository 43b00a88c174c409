package dev.hearth.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.server.config.StoreUrls;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A pool of connections to the store's database, SQLite (one file, WAL, writers serialized with
 * {@code BEGIN IMMEDIATE} and a busy timeout) or PostgreSQL, and transactions over it.
 */
public final class Database implements AutoCloseable {
  /** The SQL dialects the migrations are written for. */
  public enum Dialect {
    SQLITE, POSTGRESQL;

    String directory() {
      return this == SQLITE ? "sqlite" : "postgresql";
    }
  }

  /** Work done in one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String shown;
  private final HikariConfig config;

  private Database(HikariDataSource pool, Dialect dialect, String shown, HikariConfig config) {
    this.pool = pool;
    this.dialect = dialect;
    this.shown = shown;
    this.config = config;
  }

  /**
   * Opens {@code url}: {@code sqlite:/path/file.db} (the directory is created) or
   * {@code postgresql://user:password@host:port/database}.
   */
  public static Database open(String url) {
    return open(url, null);
  }

  /**
   * {@link #open(String)}, and on PostgreSQL every call gives up after about {@code callTimeout} (null:
   * 30 s to get a connection, no limit on reads): connecting, waiting for a pooled connection, and each
   * read from the server ({@code socketTimeout}, whole seconds, rounded up). A host cut from its
   * database then finds out within that time instead of hanging on a dead connection.
   */
  public static Database open(String url, java.time.Duration callTimeout) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("hearth-store");
    Dialect dialect;
    if (url.startsWith("sqlite:")) {
      dialect = Dialect.SQLITE;
      Path file = Path.of(url.substring("sqlite:".length())).toAbsolutePath();
      try {
        Files.createDirectories(file.getParent());
      } catch (java.io.IOException e) {
        throw new StoreException("store " + url + ": cannot create its directory: " + e.getMessage(), e);
      }
      config.setJdbcUrl("jdbc:sqlite:" + file);
      Properties props = new Properties();
      props.setProperty("journal_mode", "WAL");
      props.setProperty("synchronous", "NORMAL");
      props.setProperty("busy_timeout", "30000");
      props.setProperty("foreign_keys", "true");
      props.setProperty("transaction_mode", "IMMEDIATE");
      config.setDataSourceProperties(props);
      config.setMaximumPoolSize(4);
    } else if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
      dialect = Dialect.POSTGRESQL;
      URI uri = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
      config.setJdbcUrl("jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort()) + uri.getPath()
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
      String userInfo = uri.getRawUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        config.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
        if (colon >= 0) config.setPassword(decode(userInfo.substring(colon + 1)));
      }
      config.setMaximumPoolSize(8);
      if (callTimeout != null) {
        long seconds = Math.max(1, (callTimeout.toMillis() + 999) / 1000);
        config.addDataSourceProperty("connectTimeout", seconds);
        config.addDataSourceProperty("socketTimeout", seconds);
        config.addDataSourceProperty("tcpKeepAlive", true);
      }
    } else {
      throw new StoreException("store " + StoreUrls.redacted(url) + ": expected sqlite:/path/to/file.db or "
          + "postgresql://user:password@host:port/database");
    }
    config.setAutoCommit(true);
    long connection = callTimeout == null || dialect == Dialect.SQLITE ? 30_000 : Math.max(250, callTimeout.toMillis());
    config.setConnectionTimeout(connection);
    config.setValidationTimeout(Math.max(250, Math.min(5_000, connection / 2)));
    config.setInitializationFailTimeout(10_000);
    String shown = StoreUrls.redacted(url);
    try {
      return new Database(new HikariDataSource(config), dialect, shown, config);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new StoreException("store " + shown + ": cannot connect: " + cause.getMessage(), e);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T transaction(String what, Work<T> work) {
    try (Connection c = pool.getConnection()) {
      // Pooled connections idle in auto-commit: SQLite's driver begins the next transaction right
      // after a commit, and an idle connection must not hold the write lock.
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        c.setAutoCommit(true);
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
          c.setAutoCommit(true);
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException("store " + shown + ": " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * A connection of its own, outside the pool, in auto-commit, named {@code applicationName} in
   * {@code pg_stat_activity} (PostgreSQL only): for a session that stays open, such as a {@code LISTEN}.
   * The caller closes it.
   */
  Connection dedicated(String applicationName) throws SQLException {
    if (dialect != Dialect.POSTGRESQL) throw new IllegalStateException("a dedicated connection is for PostgreSQL only");
    Properties props = new Properties();
    if (config.getUsername() != null) props.setProperty("user", config.getUsername());
    if (config.getPassword() != null) props.setProperty("password", config.getPassword());
    props.setProperty("ApplicationName", applicationName);
    props.setProperty("connectTimeout", "10");
    return new org.postgresql.Driver().connect(config.getJdbcUrl(), props);
  }

  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return shown;
  }
}
