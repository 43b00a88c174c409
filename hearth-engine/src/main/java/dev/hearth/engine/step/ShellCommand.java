package dev.hearth.engine.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a {@code run} script is started, as GitHub's runner does on Linux: the program, its argument
 * template with {@code {0}} standing for the script file, and the script file's extension.
 *
 * @param program the executable, looked up on the step's {@code PATH}
 * @param args the arguments; one or more contain {@code {0}}
 * @param extension the script file's extension ({@code .sh}, {@code .py}, {@code .ps1} or empty)
 * @param fallback the shell to use when {@code program} is not on the step's {@code PATH}, with the
 *     same extension ({@code sh -e {0}} for the unnamed default, {@code python3 {0}} for
 *     {@code python}), or null when a missing program fails the step
 */
public record ShellCommand(String program, List<String> args, String extension, ShellCommand fallback) {

  public ShellCommand {
    args = List.copyOf(args);
  }

  /** No {@code shell:} anywhere: {@code bash -e {0}}, or {@code sh -e {0}} when there is no bash. */
  public static final ShellCommand DEFAULT =
      new ShellCommand("bash", List.of("-e", "{0}"), ".sh", new ShellCommand("sh", List.of("-e", "{0}"), ".sh", null));

  /**
   * {@code shell: python}: {@code python {0}}, or {@code python3 {0}} on images that have only
   * {@code python3} (Debian, Ubuntu and most others since Python 2 went away).
   */
  private static final ShellCommand PYTHON =
      new ShellCommand("python", List.of("{0}"), ".py", new ShellCommand("python3", List.of("{0}"), ".py", null));

  /**
   * The shell for a {@code shell:} value: a name GitHub knows ({@code bash}, {@code sh},
   * {@code python}, {@code pwsh}, {@code powershell}) or a custom {@code command … {0}} template.
   * A null or blank value is {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException with GitHub's message when a custom template lacks {@code {0}}
   */
  public static ShellCommand parse(String shell) {
    if (shell == null || shell.isBlank()) return DEFAULT;
    String s = shell.strip();
    return switch (s) {
      case "bash" -> new ShellCommand("bash", List.of("--noprofile", "--norc", "-eo", "pipefail", "{0}"), ".sh", null);
      case "sh" -> new ShellCommand("sh", List.of("-e", "{0}"), ".sh", null);
      case "python" -> PYTHON;
      case "pwsh" -> new ShellCommand("pwsh", List.of("-command", ". '{0}'"), ".ps1", null);
      case "powershell" -> new ShellCommand("powershell", List.of("-command", ". '{0}'"), ".ps1", null);
      case "cmd" -> throw new IllegalArgumentException("shell 'cmd' runs only on Windows runners");
      default -> custom(s);
    };
  }

  private static ShellCommand custom(String template) {
    if (!template.contains("{0}")) {
      throw new IllegalArgumentException("Invalid shell option. Shell path should be a string with {0} argument"
          + " which is the path to the script file, but got '" + template + "'");
    }
    List<String> words = split(template);
    String program = words.get(0);
    return new ShellCommand(program, words.subList(1, words.size()), extensionFor(program), null);
  }

  /** GitHub names the script file for the program that runs it. */
  private static String extensionFor(String program) {
    String name = program.substring(program.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return switch (name) {
      case "bash", "sh" -> ".sh";
      case "python", "python3" -> ".py";
      case "pwsh", "powershell" -> ".ps1";
      default -> "";
    };
  }

  /**
   * The script file's content: PowerShell scripts get GitHub's preamble (stop on errors) and
   * epilogue (exit with the last native exit code); other scripts are written as they are.
   */
  public String fileContent(String script) {
    if (!extension.equals(".ps1")) return script;
    return "$ErrorActionPreference = 'stop'\n" + script
        + "\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }";
  }

  /** The argv for the script at {@code scriptPath}. */
  public List<String> argv(String scriptPath) {
    List<String> argv = new ArrayList<>(args.size() + 1);
    argv.add(program);
    for (String a : args) argv.add(a.replace("{0}", scriptPath));
    return argv;
  }

  /** The template as GitHub prints it after {@code shell:}, e.g. {@code bash -e {0}}. */
  public String describe() {
    return program + " " + String.join(" ", args);
  }

  /** Words split on blanks, with {@code "…"} and {@code '…'} quoting as a shell would read them. */
  static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
        else word.append(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        inWord = false;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) words.add(word.toString());
    return words;
  }
}
