package dev.hearth.server.store;

import dev.hearth.testing.PostgresCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases a store test runs on, by name: {@code sqlite} is a file under the test's directory,
 * {@code postgresql} a new database in a real PostgreSQL cluster started on first use (the test skips,
 * saying what to install, when PostgreSQL's server is missing). One per test class; close it after all.
 */
public final class TestDatabases implements AutoCloseable {
  private PostgresCluster postgres;

  /** A store URL for a new, empty database of kind {@code database} ({@code sqlite} under {@code dir}). */
  public synchronized String url(String database, Path dir) throws Exception {
    if (database.equals("sqlite")) return "sqlite:" + dir.resolve("hearth.db");
    Assumptions.assumeTrue(PostgresCluster.binaries().isPresent(),
        "PostgreSQL's server (initdb, pg_ctl under /usr/lib/postgresql/*/bin) is not installed: apt-get install postgresql");
    if (postgres == null) postgres = PostgresCluster.start();
    return postgres.newDatabase();
  }

  /** Stops the PostgreSQL cluster, if one was started. */
  @Override
  public synchronized void close() throws Exception {
    if (postgres != null) postgres.close();
    postgres = null;
  }
}
