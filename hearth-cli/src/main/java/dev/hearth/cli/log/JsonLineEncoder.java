package dev.hearth.cli.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object a line for a log pipeline: {@code time} (ISO-8601, UTC), {@code level},
 * {@code logger}, {@code thread}, {@code message}, then the event's MDC entries and key-value pairs,
 * then the subjects Hearth's messages name as {@code key=value} ({@code vm}, {@code session},
 * {@code run}, {@code job}, {@code workflow}, {@code delivery}, {@code repository}, {@code event},
 * {@code sha}, {@code provider}) as fields of their own; {@code error} holds a stack trace. Hearth
 * logs "what happened to what" in the message, so this lets a pipeline filter by run or VM without
 * every call site repeating its subjects as structured arguments.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  /** The subjects lifted out of a message; a field set through MDC or a key-value pair wins. */
  static final Set<String> SUBJECTS = Set.of("vm", "session", "run", "job", "workflow", "delivery", "repository", "event",
      "sha", "provider");
  private static final Set<String> RESERVED = Set.of("time", "level", "logger", "thread", "message", "error");
  private static final Pattern SUBJECT = Pattern.compile("(?<![\\w.=-])([a-z]+)=([^\\s,;()\\[\\]]+)");
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] NOTHING = new byte[0];

  @Override
  public byte[] headerBytes() {
    return NOTHING;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", event.getInstant().toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("thread", event.getThreadName());
      String message = event.getFormattedMessage();
      g.writeStringField("message", message);
      for (Map.Entry<String, String> field : fields(event, message).entrySet()) g.writeStringField(field.getKey(), field.getValue());
      if (event.getThrowableProxy() != null) g.writeStringField("error", ThrowableProxyUtil.asString(event.getThrowableProxy()));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a log line as JSON", e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** MDC entries, then key-value pairs, then the subjects named in the message; the first of a name wins. */
  static Map<String, String> fields(ILoggingEvent event, String message) {
    Map<String, String> fields = new LinkedHashMap<>();
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) mdc.forEach((k, v) -> put(fields, k, v));
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) put(fields, kv.key, String.valueOf(kv.value));
    }
    if (message != null) {
      Matcher m = SUBJECT.matcher(message);
      while (m.find()) {
        if (SUBJECTS.contains(m.group(1))) put(fields, m.group(1), m.group(2));
      }
    }
    return fields;
  }

  private static void put(Map<String, String> fields, String key, String value) {
    if (key == null || RESERVED.contains(key)) return;
    fields.putIfAbsent(key, value);
  }

  @Override
  public byte[] footerBytes() {
    return NOTHING;
  }
}
