package dev.hearth.workflow.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's error phrases and what a Hearth message must contain to mean the same: Hearth words
 * its messages its own way, so each GitHub phrase maps to the fragments of ours that carry its
 * meaning (the subject named and the kind of problem).
 */
final class GithubMessages {
  private record Rule(Pattern github, Function<Matcher, List<List<String>>> anyOf) {}

  private static final List<Rule> RULES = new ArrayList<>();

  private static void rule(String regex, Function<Matcher, List<List<String>>> anyOf) {
    RULES.add(new Rule(Pattern.compile("(?s)" + regex), anyOf));
  }

  static {
    rule("Unexpected value '(.*)'", m -> List.of(
        List.of("unknown key '" + m.group(1) + "'"),
        List.of("must be", m.group(1).isEmpty() ? "" : "'" + m.group(1) + "'"),
        List.of("'" + m.group(1) + "'", "must be"),
        List.of("'" + m.group(1) + "'", "invalid"),
        List.of("key '" + m.group(1) + "'"),
        List.of("'" + m.group(1) + "'", "expected"),
        List.of("a mapping key must be a string")));
    rule("(Input|Secret) (\\S+) is required, but not provided while calling\\.",
        m -> List.of(List.of(m.group(1).toLowerCase(java.util.Locale.ROOT) + " '" + m.group(2) + "' is required")));
    rule("Invalid (input|secret), (\\S+) is not defined in the referenced workflow\\.",
        m -> List.of(List.of("invalid " + m.group(1) + " '" + m.group(2) + "'", "not defined")));
    rule("Error calling workflow '(.*?)'\\. The (nested job|workflow) '(.*?)' is requesting '(\\w[\\w-]*): (\\w+).*",
        m -> List.of(List.of("error calling workflow '" + m.group(1) + "'", "the " + m.group(2) + " '" + m.group(3)
            + "' is requesting", m.group(4) + ": " + m.group(5))));
    rule("Nested reusable workflow depth exceeded (\\d+)\\.", m -> List.of(List.of("nested reusable workflow depth of " + m.group(1))));
    rule("The directive '(\\w+)' is not allowed in this context.*",
        m -> List.of(List.of("the directive '" + m.group(1) + "' is not allowed")));
    rule("There's not enough info to determine what you meant.*", m -> List.of(List.of("needs either 'run' or 'uses'")));
    rule("Exceeded max expression length (\\d+)", m -> List.of(List.of("at most " + m.group(1))));
    rule("Required property is missing: (\\S+)", m -> List.of(List.of("'" + m.group(1) + "'", "missing"),
        List.of("needs a '" + m.group(1) + "'")));
    rule("A (sequence|mapping) was not expected", m -> List.of(List.of("but is a " + m.group(1))));
    rule("A template expression is not allowed in this context", m -> List.of(List.of("expression is not allowed")));
    rule("The expression is not closed.*", m -> List.of(List.of("is not closed")));
    rule("An expression was expected", m -> List.of(List.of("expression was expected")));
    rule("Unrecognized (named-value|function): '(\\w+)'.*", m -> List.of(List.of("invalid expression", m.group(2))));
    rule("Unexpected (symbol|end of expression).*", m -> List.of(List.of("invalid expression")));
    rule("The identifier '(.*)' is invalid.*", m -> List.of(List.of("id '" + m.group(1) + "' is invalid")));
    rule("The identifier '(.*)' may not be used more than once.*",
        m -> List.of(List.of("'" + m.group(1) + "' is used more than once")));
    rule("'(.*)' is already defined", m -> List.of(List.of("'" + m.group(1) + "' is already defined")));
    rule("Job '(.*)' depends on job '(.*)' which creates a cycle.*",
        m -> List.of(List.of("job '" + m.group(1) + "' depends on job '" + m.group(2) + "'", "cycle")));
    rule("Job '(.*)' depends on unknown job '(.*)'\\.",
        m -> List.of(List.of("job '" + m.group(1) + "' depends on unknown job '" + m.group(2) + "'")));
    rule("The workflow must contain at least one job with no dependencies\\.",
        m -> List.of(List.of("at least one job with no dependencies")));
    rule("Invalid runs-on group name '(.*?)'\\..*", m -> List.of(List.of("invalid runs-on group name '" + m.group(1) + "'")));
    rule("Matrix vector '(.*)' does not contain any values",
        m -> List.of(List.of("matrix vector '" + m.group(1) + "' does not contain any values")));
    rule("Expected format \\{org\\}/\\{repo\\}\\[/path\\]@ref\\. Actual '(.*)'",
        m -> List.of(List.of("{org}/{repo}[/path]@ref", "'" + m.group(1) + "'")));
    rule("Container image cannot be empty", m -> List.of(List.of("container image cannot be empty")));
    rule("(Maximum object depth exceeded|Maximum object size exceeded|The maximum file size of \\d+ characters"
        + " has been exceeded|Unexpected tag '.*'|The scalar style .*|The value '.*' on line .*)",
        m -> List.of(List.of(m.group(1))));
  }

  private GithubMessages() {}

  /** True when {@code ours} says what GitHub's {@code theirs} says; false for an unknown phrase. */
  static boolean sameMeaning(String theirs, String ours) {
    String lower = ours.toLowerCase(Locale.ROOT);
    for (Rule rule : RULES) {
      Matcher m = rule.github().matcher(theirs);
      if (!m.matches()) continue;
      for (List<String> fragments : rule.anyOf().apply(m)) {
        if (fragments.stream().allMatch(f -> lower.contains(f.toLowerCase(Locale.ROOT)))) return true;
      }
      return false;
    }
    return false;
  }
}
