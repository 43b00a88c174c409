package dev.hearth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The reference under webhook intake: rows inserted per second into a SQLite file through plain JDBC,
 * one transaction each, with the pragmas Hearth's store opens SQLite with (WAL, synchronous NORMAL).
 * Each row is about as large as a stored delivery. No pool, no HTTP, no signature: the floor
 * {@code ServeBench.intake} stands on.
 */
@State(Scope.Benchmark)
public class SqliteBench {
  private static final String PAYLOAD = "{\"ref\":\"refs/heads/gone\",\"deleted\":true,\"repository\":{\"full_name\":\"bench/repo\"}}"
      .repeat(20);

  private Path dir;
  private Connection db;
  private PreparedStatement insert;
  private final AtomicLong ids = new AtomicLong();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("hearth-bench-sqlite");
    Properties props = new Properties();
    props.setProperty("journal_mode", "WAL");
    props.setProperty("synchronous", "NORMAL");
    props.setProperty("busy_timeout", "30000");
    db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"), props);
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE deliveries (id TEXT PRIMARY KEY, event TEXT NOT NULL, payload TEXT NOT NULL, "
          + "received_at TEXT NOT NULL)");
    }
    insert = db.prepareStatement("INSERT INTO deliveries (id, event, payload, received_at) VALUES (?, 'push', ?, ?)");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    insert.close();
    db.close();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  /** One row, one (auto-committed) transaction. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public int insert() throws SQLException {
    insert.setString(1, "delivery-" + ids.incrementAndGet());
    insert.setString(2, PAYLOAD);
    insert.setString(3, java.time.Instant.now().toString());
    return insert.executeUpdate();
  }
}
