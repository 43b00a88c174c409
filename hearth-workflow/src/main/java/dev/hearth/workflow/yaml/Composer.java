package dev.hearth.workflow.yaml;

import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;

/**
 * Builds {@link YamlNode}s from parser events. Aliases share their anchor's node; the expanded
 * size of every node is tracked so that a document whose aliases multiply out past the node limit
 * is rejected without ever being expanded.
 */
final class Composer {
  private static final String CORE = "tag:yaml.org,2002:";

  private final String file;
  private final Iterator<Event> events;
  private final YamlLimits limits;
  private final Map<String, YamlNode> anchors = new HashMap<>();
  private final Map<YamlNode, Long> sizes = new IdentityHashMap<>();
  private long expanded;

  Composer(String file, Iterator<Event> events, YamlLimits limits) {
    this.file = file;
    this.events = events;
    this.limits = limits;
  }

  YamlNode document() throws WorkflowSyntaxException {
    expect(Event.ID.StreamStart);
    Event first = events.next();
    if (first.getEventId() == Event.ID.StreamEnd) {
      return new YamlScalar("", YamlScalar.Kind.NULL, YamlScalar.Style.PLAIN, new Position(file, 1, 1));
    }
    YamlNode root = node(events.next(), 1);
    expect(Event.ID.DocumentEnd);
    Event next = events.next();
    if (next.getEventId() != Event.ID.StreamEnd) {
      throw error(at(next), "a workflow file holds exactly one YAML document, but a second one starts here"
          + " (remove the '---' separator or split the file)");
    }
    return root;
  }

  private YamlNode node(Event event, int depth) throws WorkflowSyntaxException {
    if (depth > limits.maxDepth()) throw error(at(event), "Maximum object depth exceeded");
    return switch (event.getEventId()) {
      case Alias -> alias((AliasEvent) event);
      case Scalar -> anchor(event, scalar((ScalarEvent) event), 1);
      case SequenceStart -> sequence((CollectionStartEvent) event, depth);
      case MappingStart -> mapping((CollectionStartEvent) event, depth);
      default -> throw error(at(event), "unexpected YAML event " + event.getEventId());
    };
  }

  private YamlNode alias(AliasEvent event) throws WorkflowSyntaxException {
    String name = event.getAlias().getValue();
    YamlNode target = anchors.get(name);
    if (target == null) throw error(at(event), "the alias '*" + name + "' names no anchor defined before it");
    count(sizes.getOrDefault(target, 1L), event);
    return target;
  }

  private YamlNode anchor(Event event, YamlNode node, long size) {
    sizes.put(node, size);
    ((NodeEvent) event).getAnchor().ifPresent(a -> anchors.put(a.getValue(), node));
    return node;
  }

  private void count(long nodes, Event event) throws WorkflowSyntaxException {
    expanded += nodes;
    if (expanded > limits.maxNodes()) {
      throw error(at(event), "Maximum object size exceeded: aliases expand this document past "
          + limits.maxNodes() + " nodes");
    }
  }

  private YamlScalar scalar(ScalarEvent event) throws WorkflowSyntaxException {
    count(1, event);
    Position pos = at(event);
    String text = event.getValue();
    YamlScalar.Style style = style(event.getScalarStyle());
    Optional<String> tag = event.getTag().filter(t -> !t.equals("!"));
    if (tag.isEmpty()) {
      YamlScalar.Kind kind = event.isPlain() ? CoreSchema.resolvePlain(text) : YamlScalar.Kind.STRING;
      return new YamlScalar(text, kind, style, pos);
    }
    YamlScalar.Kind kind = switch (tag.get()) {
      case CORE + "str" -> YamlScalar.Kind.STRING;
      case CORE + "null" -> YamlScalar.Kind.NULL;
      case CORE + "bool" -> YamlScalar.Kind.BOOLEAN;
      case CORE + "int" -> YamlScalar.Kind.INTEGER;
      case CORE + "float" -> YamlScalar.Kind.FLOAT;
      default -> throw error(pos, "Unexpected tag '" + tag.get() + "'");
    };
    if (kind != YamlScalar.Kind.STRING && style != YamlScalar.Style.PLAIN) {
      throw error(pos, "The scalar style '" + styleName(style) + "' on line " + pos.line() + " and column "
          + pos.column() + " is not valid with the tag '" + tag.get() + "'");
    }
    if (!CoreSchema.matches(kind, text)) {
      throw error(pos, "The value '" + text + "' on line " + pos.line() + " and column " + pos.column()
          + " is invalid for the type '" + tag.get() + "'");
    }
    return new YamlScalar(text, kind, style, pos);
  }

  private YamlSequence sequence(CollectionStartEvent start, int depth) throws WorkflowSyntaxException {
    checkCollectionTag(start, "seq");
    count(1, start);
    long before = expanded;
    List<YamlNode> items = new ArrayList<>();
    for (Event e = events.next(); e.getEventId() != Event.ID.SequenceEnd; e = events.next()) {
      items.add(node(e, depth + 1));
    }
    return (YamlSequence) anchor(start, new YamlSequence(items, at(start)), 1 + expanded - before);
  }

  private YamlMapping mapping(CollectionStartEvent start, int depth) throws WorkflowSyntaxException {
    checkCollectionTag(start, "map");
    count(1, start);
    long before = expanded;
    List<YamlMapping.Entry> entries = new ArrayList<>();
    Map<String, Position> seen = new HashMap<>();
    for (Event e = events.next(); e.getEventId() != Event.ID.MappingEnd; e = events.next()) {
      YamlNode key = node(e, depth + 1);
      YamlNode value = node(events.next(), depth + 1);
      if (!(key instanceof YamlScalar k)) {
        throw error(key.position(), "a mapping key must be a string, but this key is " + key.describe());
      }
      Position first = seen.putIfAbsent(k.text(), k.position());
      if (first != null) {
        throw error(k.position(), "the key '" + k.text() + "' is already defined at line " + first.line()
            + ", column " + first.column() + "; each key may appear once in a mapping");
      }
      entries.add(new YamlMapping.Entry(k, value));
    }
    return (YamlMapping) anchor(start, new YamlMapping(entries, at(start)), 1 + expanded - before);
  }

  private void checkCollectionTag(CollectionStartEvent start, String expected) throws WorkflowSyntaxException {
    Optional<String> tag = start.getTag().filter(t -> !t.equals("!"));
    if (tag.isPresent() && !tag.get().equals(CORE + expected)) {
      throw error(at(start), "Unexpected tag '" + tag.get() + "'");
    }
  }

  private void expect(Event.ID id) throws WorkflowSyntaxException {
    Event e = events.next();
    if (e.getEventId() == Event.ID.DocumentStart && id != Event.ID.DocumentStart) e = events.next();
    if (e.getEventId() != id) throw error(at(e), "unexpected YAML event " + e.getEventId() + ", expected " + id);
  }

  private Position at(Event event) {
    return event.getStartMark().map(m -> YamlLoader.position(file, m)).orElse(Position.ofFile(file));
  }

  private static WorkflowSyntaxException error(Position pos, String message) {
    return new WorkflowSyntaxException(new WorkflowError(pos, message));
  }

  private static YamlScalar.Style style(ScalarStyle s) {
    return switch (s) {
      case SINGLE_QUOTED -> YamlScalar.Style.SINGLE_QUOTED;
      case DOUBLE_QUOTED -> YamlScalar.Style.DOUBLE_QUOTED;
      case LITERAL -> YamlScalar.Style.LITERAL;
      case FOLDED -> YamlScalar.Style.FOLDED;
      default -> YamlScalar.Style.PLAIN;
    };
  }

  private static String styleName(YamlScalar.Style s) {
    return switch (s) {
      case PLAIN -> "Plain";
      case SINGLE_QUOTED -> "SingleQuoted";
      case DOUBLE_QUOTED -> "DoubleQuoted";
      case LITERAL -> "Literal";
      case FOLDED -> "Folded";
    };
  }
}
