package dev.hearth.workflow.yaml;

import dev.hearth.workflow.source.Position;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one YAML 1.2 document into a {@link YamlNode} tree that keeps the position of every node.
 *
 * <p>Rejects, each with a positioned {@link WorkflowError}: text that is not UTF-8 or is binary, a
 * file over the size limit, YAML syntax errors, more than one document, non-scalar or duplicate
 * mapping keys, explicit tags other than the core schema's, tagged values of the wrong form, nesting
 * past the depth limit and alias expansion past the node limit. An empty file is a null scalar.
 */
public final class YamlLoader {
  private final YamlLimits limits;

  public YamlLoader(YamlLimits limits) {
    this.limits = limits;
  }

  public YamlLoader() {
    this(YamlLimits.DEFAULT);
  }

  /** Decodes {@code bytes} as strict UTF-8 (a BOM is allowed) and loads them. */
  public YamlNode load(String file, byte[] bytes) throws WorkflowSyntaxException {
    if (bytes.length > (long) limits.maxFileSize() * 4) throw tooLarge(file);
    return load(file, decode(file, bytes));
  }

  public YamlNode load(String file, String text) throws WorkflowSyntaxException {
    if (text.length() > limits.maxFileSize()) throw tooLarge(file);
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      throw new WorkflowSyntaxException(new WorkflowError(positionOf(file, text, nul),
          "this is a binary file (it contains a NUL byte), not a YAML workflow"));
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
    LoadSettings settings = LoadSettings.builder()
        .setLabel(file)
        .setCodePointLimit(Math.max(limits.maxFileSize(), 1) + 1)
        .setAllowDuplicateKeys(true) // the composer reports duplicates itself, with positions
        .setUseMarks(true)
        .build();
    Iterator<Event> events = new Parse(settings).parseString(text).iterator();
    try {
      return new Composer(file, events, limits).document();
    } catch (MarkedYamlEngineException e) {
      Position at = e.getProblemMark().map(m -> position(file, m)).orElse(Position.ofFile(file));
      throw new WorkflowSyntaxException(new WorkflowError(at, "invalid YAML: " + yamlProblem(e)));
    } catch (YamlEngineException e) {
      throw new WorkflowSyntaxException(new WorkflowError(Position.ofFile(file),
          "invalid YAML: " + e.getMessage()));
    }
  }

  private WorkflowSyntaxException tooLarge(String file) {
    return new WorkflowSyntaxException(new WorkflowError(Position.ofFile(file),
        "The maximum file size of " + limits.maxFileSize() + " characters has been exceeded"));
  }

  static Position position(String file, Mark mark) {
    return new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String yamlProblem(MarkedYamlEngineException e) {
    String context = e.getContext();
    String problem = e.getProblem();
    if (context != null && !context.isBlank() && problem != null) return context + ", " + problem;
    return problem != null ? problem : String.valueOf(e.getMessage());
  }

  private static String decode(String file, byte[] bytes) throws WorkflowSyntaxException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      int bad = firstInvalidUtf8(bytes);
      String prefix = new String(bytes, 0, bad, StandardCharsets.UTF_8);
      String what = indexOfZero(bytes) >= 0 ? "this is a binary file, not a YAML workflow"
          : "the file is not UTF-8 text";
      throw new WorkflowSyntaxException(new WorkflowError(positionOf(file, prefix, prefix.length()),
          what + String.format(" (invalid UTF-8 byte 0x%02X)", bytes[bad] & 0xff)));
    }
  }

  private static int indexOfZero(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) if (bytes[i] == 0) return i;
    return -1;
  }

  /** The index of the first byte that does not start or continue a valid UTF-8 sequence. */
  private static int firstInvalidUtf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT);
    int lo = 0;
    int hi = bytes.length;
    while (lo < hi) { // largest prefix that decodes
      int mid = (lo + hi + 1) >>> 1;
      try {
        decoder.reset().decode(ByteBuffer.wrap(bytes, 0, mid));
        lo = mid;
      } catch (CharacterCodingException e) {
        hi = mid - 1;
      }
    }
    return Math.min(lo, bytes.length - 1);
  }

  private static Position positionOf(String file, String text, int index) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < index && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new Position(file, line, col);
  }
}
