package dev.hearth.vm.root;

import java.util.regex.Pattern;

/**
 * The unprivileged user commands run as inside a guest, as {@code /etc/passwd} names it.
 *
 * @param name a login name ({@code runner})
 * @param uid the user id inside the guest
 * @param gid the primary group id inside the guest (the group has the user's name)
 * @param home the home directory inside the guest
 */
public record GuestUser(String name, int uid, int gid, String home) {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  /** Like GitHub's hosted runners: {@code runner}, 1001:1001, {@code /home/runner}. */
  public static final GuestUser RUNNER = new GuestUser("runner", 1001, 1001, "/home/runner");

  public GuestUser {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("guest user name must match " + NAME + ", got '" + name + "'");
    }
    if (uid <= 0 || gid <= 0) throw new IllegalArgumentException("guest user " + name + " must not be root (uid " + uid + ", gid " + gid + ")");
    if (!home.startsWith("/") || home.contains(":") || home.contains("\n")) {
      throw new IllegalArgumentException("guest user " + name + ": home must be an absolute path, got '" + home + "'");
    }
  }
}
