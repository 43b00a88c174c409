package dev.hearth.workflow.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.hearth.workflow.source.Position;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example of GitHub's "Filter pattern cheat sheet" (workflow syntax for GitHub Actions), one
 * row per listed match, plus the names each pattern must not match.
 */
class FilterPatternTest {

  private static Arguments row(String example, boolean matches, String name, String... patterns) {
    return argumentSet(example + (matches ? " matches " : " does not match ") + name,
        List.of(patterns), name, matches);
  }

  static Stream<Arguments> branchesAndTagsCheatSheet() {
    String s = "branches/tags: ";
    return Stream.of(
        row(s + "feature/*", true, "feature/my-branch", "feature/*"),
        row(s + "feature/*", true, "feature/your-branch", "feature/*"),
        row(s + "feature/**", true, "feature/beta-a/my-branch", "feature/**"),
        row(s + "feature/**", true, "feature/your-branch", "feature/**"),
        row(s + "feature/**", true, "feature/mona/the/octocat", "feature/**"),
        row(s + "main, releases/mona-the-octocat", true, "main", "main", "releases/mona-the-octocat"),
        row(s + "main, releases/mona-the-octocat", true, "releases/mona-the-octocat",
            "main", "releases/mona-the-octocat"),
        row(s + "'*'", true, "main", "*"),
        row(s + "'*'", true, "releases", "*"),
        row(s + "'**'", true, "all/the/branches", "**"),
        row(s + "'**'", true, "every/tag", "**"),
        row(s + "'*feature'", true, "mona-feature", "*feature"),
        row(s + "'*feature'", true, "feature", "*feature"),
        row(s + "'*feature'", true, "ver-10-feature", "*feature"),
        row(s + "v2*", true, "v2", "v2*"),
        row(s + "v2*", true, "v2.0", "v2*"),
        row(s + "v2*", true, "v2.9", "v2*"),
        row(s + "v[12].[0-9]+.[0-9]+", true, "v1.10.1", "v[12].[0-9]+.[0-9]+"),
        row(s + "v[12].[0-9]+.[0-9]+", true, "v2.0.0", "v[12].[0-9]+.[0-9]+"),
        // what the descriptions exclude
        row(s + "feature/*", false, "feature/beta-a/my-branch", "feature/*"),
        row(s + "'*'", false, "releases/v1", "*"),
        row(s + "v2*", false, "v1.2", "v2*"),
        row(s + "v[12].[0-9]+.[0-9]+", false, "v3.0.0", "v[12].[0-9]+.[0-9]+"),
        row(s + "v[12].[0-9]+.[0-9]+", false, "v1.x.0", "v[12].[0-9]+.[0-9]+"),
        row(s + "main", false, "main2", "main"));
  }

  static Stream<Arguments> pathsCheatSheet() {
    String s = "paths: ";
    return Stream.of(
        row(s + "'*'", true, "README.md", "*"),
        row(s + "'*'", true, "server.rb", "*"),
        row(s + "'*.jsx?'", true, "page.js", "*.jsx?"),
        row(s + "'*.jsx?'", true, "page.jsx", "*.jsx?"),
        row(s + "'**'", true, "all/the/files.md", "**"),
        row(s + "'*.js'", true, "app.js", "*.js"),
        row(s + "'*.js'", true, "index.js", "*.js"),
        row(s + "'**.js'", true, "index.js", "**.js"),
        row(s + "'**.js'", true, "js/index.js", "**.js"),
        row(s + "'**.js'", true, "src/js/app.js", "**.js"),
        row(s + "docs/*", true, "docs/README.md", "docs/*"),
        row(s + "docs/*", true, "docs/file.txt", "docs/*"),
        row(s + "docs/**", true, "docs/README.md", "docs/**"),
        row(s + "docs/**", true, "docs/mona/octocat.txt", "docs/**"),
        row(s + "docs/**/*.md", true, "docs/README.md", "docs/**/*.md"),
        row(s + "docs/**/*.md", true, "docs/mona/hello-world.md", "docs/**/*.md"),
        row(s + "docs/**/*.md", true, "docs/a/markdown/file.md", "docs/**/*.md"),
        row(s + "'**/docs/**'", true, "docs/hello.md", "**/docs/**"),
        row(s + "'**/docs/**'", true, "dir/docs/my-file.txt", "**/docs/**"),
        row(s + "'**/docs/**'", true, "space/docs/plan/space.doc", "**/docs/**"),
        row(s + "'**/README.md'", true, "README.md", "**/README.md"),
        row(s + "'**/README.md'", true, "js/README.md", "**/README.md"),
        row(s + "'**/*src/**'", true, "a/src/app.js", "**/*src/**"),
        row(s + "'**/*src/**'", true, "my-src/code/js/app.js", "**/*src/**"),
        row(s + "'**/*-post.md'", true, "my-post.md", "**/*-post.md"),
        row(s + "'**/*-post.md'", true, "path/their-post.md", "**/*-post.md"),
        row(s + "'**/migrate-*.sql'", true, "migrate-10909.sql", "**/migrate-*.sql"),
        row(s + "'**/migrate-*.sql'", true, "db/migrate-v1.0.sql", "**/migrate-*.sql"),
        row(s + "'**/migrate-*.sql'", true, "db/sept/migrate-v1.sql", "**/migrate-*.sql"),
        row(s + "'*.md', '!README.md'", true, "hello.md", "*.md", "!README.md"),
        row(s + "'*.md', '!README.md'", false, "README.md", "*.md", "!README.md"),
        row(s + "'*.md', '!README.md'", false, "docs/hello.md", "*.md", "!README.md"),
        row(s + "'*.md', '!README.md', README*", true, "hello.md", "*.md", "!README.md", "README*"),
        row(s + "'*.md', '!README.md', README*", true, "README.md", "*.md", "!README.md", "README*"),
        row(s + "'*.md', '!README.md', README*", true, "README.doc", "*.md", "!README.md", "README*"),
        // what the descriptions exclude
        row(s + "'*'", false, "docs/README.md", "*"),
        row(s + "'*.jsx?'", false, "page.jsxx", "*.jsx?"),
        row(s + "'*.js'", false, "js/index.js", "*.js"),
        row(s + "docs/*", false, "docs/mona/octocat.txt", "docs/*"),
        row(s + "docs/**/*.md", false, "docs/mona/octocat.txt", "docs/**/*.md"),
        row(s + "'**/README.md'", false, "js/NOT-README.md", "**/README.md"),
        row(s + "'**/*-post.md'", false, "path/post.md", "**/*-post.md"));
  }

  @ParameterizedTest
  @MethodSource({"branchesAndTagsCheatSheet", "pathsCheatSheet"})
  void cheatSheetExample(List<String> patterns, String name, boolean matches) {
    PatternFilter filter = new PatternFilter("paths", false,
        patterns.stream().map(FilterPattern::compile).toList(), new Position("w.yml", 1, 1));
    assertThat(filter.lists(name)).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      \\*literal      | *literal     | true
      \\*literal      | xliteral     | false
      a\\?b           | a?b          | true
      \\!file         | !file        | true
      [CB]at          | Cat          | true
      [CB]at          | Rat          | false
      [1-2]00         | 200          | true
      [1-2]00         | 300          | false
      ab+c            | abbbc        | true
      ab+c            | ac           | false
      ab?c            | ac           | true
      +plus           | +plus        | true
      a.b             | axb          | false
      release/**-alpha | release/10-alpha | true
      release/**-alpha | release/beta/3-alpha | true
      """)
  void globSyntax(String pattern, String name, boolean matches) {
    assertThat(FilterPattern.compile(pattern).matches(name)).isEqualTo(matches);
  }

  @Test
  void exclamationMarkNegatesOnlyAtTheStart() {
    assertThat(FilterPattern.compile("!main").negated()).isTrue();
    assertThat(FilterPattern.compile("ma!in").negated()).isFalse();
    assertThat(FilterPattern.compile("ma!in").matches("ma!in")).isTrue();
  }

  @Test
  void laterPatternsOverrideEarlierOnes() {
    PatternFilter f = filter(false, "releases/**", "!releases/**-alpha", "releases/keep-alpha");
    assertThat(f.lists("releases/10")).isTrue();
    assertThat(f.lists("releases/10-alpha")).isFalse();
    assertThat(f.lists("releases/keep-alpha")).isTrue();
    assertThat(f.lists("main")).isFalse();
  }

  @Test
  void ignoreListLetsThroughWhatItDoesNotList() {
    PatternFilter f = filter(true, "mona/octocat", "releases/**-alpha");
    assertThat(f.allows("main")).isTrue();
    assertThat(f.allows("releases/beta/3-alpha")).isFalse();
  }

  @Test
  void pathsPassWhenAnyFileIsListed() {
    PatternFilter f = filter(false, "**.js");
    assertThat(f.allowsAny(List.of("README.md", "src/app.js"))).isTrue();
    assertThat(f.allowsAny(List.of("README.md"))).isFalse();
    assertThat(f.allowsAny(List.of())).isFalse();
  }

  @Test
  void pathsIgnorePassesUnlessEveryFileIsIgnored() {
    PatternFilter f = filter(true, "docs/**");
    assertThat(f.allowsAny(List.of("docs/a.md", "src/app.js"))).isTrue();
    assertThat(f.allowsAny(List.of("docs/a.md", "docs/b/c.md"))).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      v[]           | '[]' is empty; list characters or ranges in it
      v[0-9         | '[' at 2 has no closing ']'
      v[9-0]        | range '9-0' in '[9-0]' is invalid; ranges can only include a-z, A-Z and 0-9
      v[a-Z]        | range 'a-Z' in '[a-Z]' is invalid; ranges can only include a-z, A-Z and 0-9
      v[._]         | '.' in '[._]' is not allowed; brackets hold only letters, digits and ranges a-z, A-Z, 0-9
      abc\\         | '\\' at the end escapes nothing
      !             | the pattern is empty
      """)
  void invalidPatternSaysWhatIsWrong(String pattern, String message) {
    assertThatThrownBy(() -> FilterPattern.compile(pattern))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  private static PatternFilter filter(boolean ignore, String... patterns) {
    return new PatternFilter(ignore ? "x-ignore" : "x", ignore,
        Arrays.stream(patterns).map(FilterPattern::compile).toList(), new Position("w.yml", 1, 1));
  }
}
