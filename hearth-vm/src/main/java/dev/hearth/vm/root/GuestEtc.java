package dev.hearth.vm.root;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The generated files of a guest's {@code /etc}: who the users are, what the machine is called and
 * where names are resolved. Nothing here comes from the host's own {@code /etc}.
 *
 * @param user the runner user (also listed: {@code root} and {@code nobody})
 * @param hostname the guest's host name, also mapped to 127.0.1.1 in {@code hosts}
 * @param nameservers the resolvers of the guest's network stack (10.0.2.3 under slirp4netns); empty
 *     when the guest has no network, and then {@code resolv.conf} names none
 */
public record GuestEtc(GuestUser user, String hostname, List<String> nameservers) {
  private static final Pattern HOSTNAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");
  private static final Pattern ADDRESS = Pattern.compile("[0-9a-fA-F.:]+");

  public GuestEtc {
    if (!HOSTNAME.matcher(hostname).matches()) {
      throw new IllegalArgumentException("guest hostname must be one DNS label (letters, digits, '-'), got '" + hostname + "'");
    }
    nameservers = List.copyOf(nameservers);
    for (String server : nameservers) {
      if (!ADDRESS.matcher(server).matches()) throw new IllegalArgumentException("nameserver must be an IP address, got '" + server + "'");
    }
  }

  /** The files by their name in {@code /etc}, in a stable order. */
  public Map<String, String> files() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("passwd", "root:x:0:0:root:/root:/bin/sh\n"
        + user.name() + ":x:" + user.uid() + ":" + user.gid() + ":Hearth runner:" + user.home() + ":/bin/bash\n"
        + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
    files.put("group", "root:x:0:\n" + user.name() + ":x:" + user.gid() + ":\nnogroup:x:65534:\n");
    files.put("hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n::1\tlocalhost ip6-localhost ip6-loopback\n");
    files.put("hostname", hostname + "\n");
    files.put("nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\nnetworks: files\n"
        + "protocols: files\nservices: files\n");
    StringBuilder resolv = new StringBuilder(nameservers.isEmpty() ? "# no network: no resolver\n" : "");
    for (String server : nameservers) resolv.append("nameserver ").append(server).append('\n');
    files.put("resolv.conf", resolv.toString());
    return files;
  }

  /** Writes {@link #files()} into {@code dir} (created when missing), each mode 0644. */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, String> file : files().entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.writeString(path, file.getValue());
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}
