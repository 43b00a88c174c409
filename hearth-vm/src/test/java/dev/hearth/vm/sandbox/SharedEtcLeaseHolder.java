package dev.hearth.vm.sandbox;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another {@code hearth} process, for {@link SharedEtcCacheTest}: leases the copy {@code args[1]} of
 * the cache at {@code args[0]}, says {@code held}, and keeps the lease until its stdin ends or it is killed.
 */
public final class SharedEtcLeaseHolder {
  private SharedEtcLeaseHolder() {}

  public static void main(String[] args) throws IOException {
    SharedEtcCache.Lease lease = new SharedEtcCache(Path.of(args[0])).lease(args[1]);
    System.out.println("held " + lease.copy());
    System.out.flush();
    while (System.in.read() >= 0) {
      // waiting for the test to let go
    }
    lease.close();
  }
}
