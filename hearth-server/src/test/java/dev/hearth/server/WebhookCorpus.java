package dev.hearth.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The webhook bodies fuzzing starts from: GitHub's event payloads of the shared fixtures (pointed at
 * the test's repository and commit, so a mutated one can get as far as planning and running) and the
 * stored corpus of nasty bodies in {@code src/test/resources/fuzz/webhooks}; and the mutations that
 * turn them into new bodies: fields Hearth reads given wrong types, then byte edits.
 */
final class WebhookCorpus {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A body and the event it is sent as. */
  record Body(String event, String name, byte[] bytes) {
    @Override
    public String toString() {
      return event + " " + name + " (" + bytes.length + " bytes)";
    }
  }

  private static final String[][] FIELDS = {
    {"repository", "full_name"}, {"repository", "clone_url"}, {"repository"}, {"after"}, {"before"}, {"ref"}, {"action"},
    {"deleted"}, {"created"}, {"inputs"}, {"workflow"}, {"pull_request"}, {"pull_request", "number"},
    {"pull_request", "head", "sha"}, {"pull_request", "head", "repo", "full_name"}, {"pull_request", "base", "ref"},
    {"commits"}, {"head_commit"}, {"sender"}, {"ref_type"}, {"release", "tag_name"}, {"check_run"}
  };

  private WebhookCorpus() {}

  /** Every stored body; fixtures have {@code full_name} and the commit fields replaced by {@code repository} and {@code sha}. */
  static List<Body> load(String repository, String sha) {
    List<Body> all = new ArrayList<>();
    Path fixtures = Path.of(System.getProperty("hearth.shared", "../../shared"), "fixtures", "github-webhooks");
    for (Path root : List.of(fixtures, Path.of("src", "test", "resources", "fuzz", "webhooks"))) {
      if (!Files.isDirectory(root)) continue;
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          String event = root.equals(fixtures) ? f.getParent().getFileName().toString() : eventOf(f);
          byte[] bytes = Files.readAllBytes(f);
          all.add(new Body(event, root.relativize(f).toString(), root.equals(fixtures) ? retarget(bytes, repository, sha) : bytes));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (all.size() < 40) throw new IllegalStateException("the webhook corpus is too small (" + all.size() + " bodies); is ../shared there?");
    return List.copyOf(all);
  }

  /** A stored body's event is the start of its file name: {@code push.deep-nesting.json} is sent as {@code push}. */
  private static String eventOf(Path file) {
    String name = file.getFileName().toString();
    return name.substring(0, name.indexOf('.'));
  }

  private static byte[] retarget(byte[] bytes, String repository, String sha) {
    try {
      JsonNode root = JSON.readTree(bytes);
      if (!(root instanceof ObjectNode o)) return bytes;
      if (o.path("repository") instanceof ObjectNode repo) {
        repo.put("full_name", repository);
      }
      if (o.has("after")) {
        o.put("after", sha);
        o.put("ref", "refs/heads/main");
      }
      if (o.path("pull_request").path("head") instanceof ObjectNode head) head.put("sha", sha);
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code body} changed by {@code seed}: some fields Hearth reads set to wrong types or odd values, then maybe byte edits. */
  static byte[] mutate(byte[] body, long seed) {
    Random r = new Random(seed);
    byte[] out = body;
    if (r.nextInt(3) != 0) out = mutateFields(out, r);
    if (r.nextInt(3) == 0) out = mutateBytes(out, r);
    return out;
  }

  private static byte[] mutateFields(byte[] body, Random r) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException notJson) {
      return body;
    }
    if (!(root instanceof ObjectNode o)) return body;
    int edits = 1 + r.nextInt(4);
    for (int i = 0; i < edits; i++) {
      String[] path = FIELDS[r.nextInt(FIELDS.length)];
      ObjectNode parent = o;
      for (int k = 0; k < path.length - 1; k++) {
        if (!(parent.path(path[k]) instanceof ObjectNode)) parent.putObject(path[k]);
        parent = (ObjectNode) parent.get(path[k]);
      }
      parent.set(path[path.length - 1], oddValue(r));
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode oddValue(Random r) {
    return switch (r.nextInt(16)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(r.nextLong());
      case 2 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
      case 3 -> NODES.booleanNode(r.nextBoolean());
      case 4 -> NODES.arrayNode().add("refs/heads/main").add(7);
      case 5 -> NODES.objectNode().put("full_name", "octo/hello");
      case 6 -> NODES.textNode("");
      case 7 -> NODES.textNode("../../../etc/passwd");
      case 8 -> NODES.textNode("refs/heads/" + "x".repeat(r.nextInt(200_000)));
      case 9 -> NODES.textNode("--upload-pack=touch /tmp/hearth-fuzz-pwned");
      case 10 -> NODES.textNode("a\u0000b\nc\r\n\u2028${{ secrets.TOKEN }}");
      case 11 -> NODES.textNode("octo/hello");
      case 12 -> NODES.textNode("0000000000000000000000000000000000000000");
      case 13 -> NODES.textNode("main");
      case 14 -> NODES.textNode("\uD83D\uDE00".repeat(1 + r.nextInt(1000)));
      default -> NODES.textNode("refs/tags/v1.0");
    };
  }

  private static final String[] TOKENS = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\uD800", "null", "1e99999", "-", "0x1F", "\u0000", "\uFEFF", "é",
    "\"repository\":", "{\"full_name\":", "[[[[[[[[[[", "]]]]]", "/*", "//", "'"
  };

  private static byte[] mutateBytes(byte[] body, Random r) {
    StringBuilder b = new StringBuilder(new String(body, StandardCharsets.UTF_8));
    int edits = 1 + r.nextInt(6);
    for (int i = 0; i < edits; i++) {
      int at = b.isEmpty() ? 0 : r.nextInt(b.length() + 1);
      switch (r.nextInt(4)) {
        case 0 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 1 -> { if (!b.isEmpty()) b.delete(Math.min(at, b.length() - 1), Math.min(b.length(), at + 1 + r.nextInt(40))); }
        case 2 -> b.setLength(Math.min(b.length(), at)); // truncate
        default -> { if (!b.isEmpty()) b.setCharAt(Math.min(at, b.length() - 1), (char) r.nextInt(0x3000)); }
      }
    }
    byte[] out = b.toString().getBytes(StandardCharsets.UTF_8);
    if (r.nextInt(8) == 0 && out.length > 0) out[r.nextInt(out.length)] = (byte) (0x80 + r.nextInt(0x80)); // invalid UTF-8
    return out;
  }
}
