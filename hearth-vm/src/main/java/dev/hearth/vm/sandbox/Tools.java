package dev.hearth.vm.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host programs the sandbox provider runs, found once on {@code PATH} and the usual system
 * directories: {@code bwrap} (Debian {@code bubblewrap}), {@code gcc} to build the guest agent once
 * (Debian {@code gcc}, with {@code libc6-dev} for static linking), and for the outbound network
 * {@code slirp4netns} (Debian {@code slirp4netns}), {@code nsenter} (Debian {@code util-linux}) and
 * {@code ip} (Debian {@code iproute2}).
 */
record Tools(Optional<Path> bwrap, Optional<Path> gcc, Optional<Path> nsenter, Optional<Path> slirp4netns, Optional<Path> ip) {

  static Tools find() {
    return new Tools(which("bwrap"), which("gcc"), which("nsenter"), which("slirp4netns"), which("ip"));
  }

  /** The programs every VM needs that are missing, each with the Debian package that has it. */
  List<String> missingForAnyVm() {
    List<String> missing = new ArrayList<>();
    if (bwrap.isEmpty()) missing.add("bwrap (Debian package bubblewrap)");
    if (gcc.isEmpty()) missing.add("gcc to build the guest agent (Debian packages gcc and libc6-dev)");
    return missing;
  }

  /** The programs an outbound network needs that are missing. */
  List<String> missingForOutbound() {
    List<String> missing = new ArrayList<>();
    if (slirp4netns.isEmpty()) missing.add("slirp4netns (Debian package slirp4netns)");
    if (nsenter.isEmpty()) missing.add("nsenter (Debian package util-linux)");
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
