package dev.hearth.vm.host;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which {@code runs-on} labels this host can honestly serve: any label, except one that names
 * another operating system ({@code windows-latest}, {@code macos-14}) or another CPU architecture
 * than the host's ({@code arm64} on an x64 host). A job asking for those would run on the wrong
 * machine and fail in confusing ways, so it is refused with the labels named.
 */
public final class HostLabels {
  private static final String ARCH = arch(System.getProperty("os.arch", ""));

  private HostLabels() {}

  /** Why the host cannot serve {@code labels}, or empty when it can. */
  public static Optional<String> refusal(List<String> labels) {
    for (String label : labels) {
      String l = label.toLowerCase(Locale.ROOT);
      if (l.startsWith("windows") || l.equals("win") || l.startsWith("macos") || l.startsWith("osx")
          || l.equals("macos") || l.equals("mac")) {
        return Optional.of("runs-on " + labels + " asks for another operating system ('" + label
            + "'); the host provider runs jobs on this Linux " + ARCH + " machine");
      }
      String arch = arch(l);
      if (!arch.isEmpty() && !arch.equals(ARCH)) {
        return Optional.of("runs-on " + labels + " asks for the " + arch + " architecture ('" + label
            + "'); this host is " + ARCH);
      }
    }
    return Optional.empty();
  }

  /** The architecture a name means ({@code x64} or {@code arm64}), or "" when it names none. */
  private static String arch(String name) {
    return switch (name) {
      case "x64", "amd64", "x86_64" -> "x64";
      case "arm64", "aarch64" -> "arm64";
      default -> "";
    };
  }
}
