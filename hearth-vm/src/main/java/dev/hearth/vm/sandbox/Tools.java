package dev.hearth.vm.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host programs the sandbox provider runs, found once on {@code PATH} and the usual system
 * directories: {@code bwrap} (Debian {@code bubblewrap}), {@code nsenter} and {@code setsid} (Debian
 * {@code util-linux}), {@code slirp4netns} (Debian {@code slirp4netns}) and {@code ip} (Debian
 * {@code iproute2}) for the outbound network, {@code tar} for copies.
 */
record Tools(Optional<Path> bwrap, Optional<Path> nsenter, Optional<Path> setsid, Optional<Path> slirp4netns,
    Optional<Path> ip, Optional<Path> tar) {

  static Tools find() {
    return new Tools(which("bwrap"), which("nsenter"), which("setsid"), which("slirp4netns"), which("ip"), which("tar"));
  }

  /** The programs every VM needs that are missing, each with the Debian package that has it. */
  List<String> missingForAnyVm() {
    List<String> missing = new ArrayList<>();
    if (bwrap.isEmpty()) missing.add("bwrap (Debian package bubblewrap)");
    if (nsenter.isEmpty()) missing.add("nsenter (Debian package util-linux)");
    if (setsid.isEmpty()) missing.add("setsid (Debian package util-linux)");
    if (tar.isEmpty()) missing.add("tar (Debian package tar)");
    return missing;
  }

  /** The programs an outbound network needs that are missing. */
  List<String> missingForOutbound() {
    List<String> missing = new ArrayList<>();
    if (slirp4netns.isEmpty()) missing.add("slirp4netns (Debian package slirp4netns)");
    if (ip.isEmpty()) missing.add("ip (Debian package iproute2)");
    return missing;
  }

  private static Optional<Path> which(String program) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
    for (String dir : dirs) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
    }
    return Optional.empty();
  }
}
