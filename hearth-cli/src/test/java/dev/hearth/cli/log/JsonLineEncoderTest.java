package dev.hearth.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLineEncoderTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
  final Logger logger = context.getLogger("dev.hearth.server.queue.RunDispatcher");

  JsonNode encode(LoggingEvent event) throws Exception {
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
    assertThat(line).endsWith("\n").doesNotContain("\n\n");
    assertThat(line.strip()).doesNotContain("\n");
    return JSON.readTree(line);
  }

  @Test
  void aLineHasTimeLevelLoggerMessageAndTheSubjectsTheMessageNames() throws Exception {
    LoggingEvent event = new LoggingEvent("x", logger, Level.INFO,
        "run={} delivery={} workflow={} finished result=success took=12ms", null,
        new Object[] {7, "d-1", ".github/workflows/ci.yml"});
    event.setInstant(Instant.parse("2026-12-04T21:00:00.123Z"));
    JsonNode line = encode(event);
    assertThat(line.path("time").asText()).isEqualTo("2026-12-04T21:00:00.123Z");
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("logger").asText()).isEqualTo("dev.hearth.server.queue.RunDispatcher");
    assertThat(line.path("message").asText())
        .isEqualTo("run=7 delivery=d-1 workflow=.github/workflows/ci.yml finished result=success took=12ms");
    assertThat(line.path("run").asText()).isEqualTo("7");
    assertThat(line.path("delivery").asText()).isEqualTo("d-1");
    assertThat(line.path("workflow").asText()).isEqualTo(".github/workflows/ci.yml");
    assertThat(line.has("result")).as("only the known subjects become fields").isFalse();
  }

  @Test
  void mdcAndKeyValuePairsAreFieldsAndWinOverTheMessage() throws Exception {
    LoggingEvent event = new LoggingEvent("x", logger, Level.WARN, "vm=host-1 session=s-9 cleanup failed \"quoted\"", null, null);
    event.setMDCPropertyMap(Map.of("run", "41"));
    event.addKeyValuePair(new KeyValuePair("vm", "host-2"));
    JsonNode line = encode(event);
    assertThat(line.path("run").asText()).isEqualTo("41");
    assertThat(line.path("vm").asText()).isEqualTo("host-2");
    assertThat(line.path("session").asText()).isEqualTo("s-9");
    assertThat(line.path("message").asText()).isEqualTo("vm=host-1 session=s-9 cleanup failed \"quoted\"");
  }

  @Test
  void anExceptionIsOneFieldOnTheSameLine() throws Exception {
    LoggingEvent event = new LoggingEvent("x", logger, Level.ERROR, "run=3 failed in hearth", new IllegalStateException("boom"), null);
    JsonNode line = encode(event);
    assertThat(line.path("error").asText()).contains("java.lang.IllegalStateException: boom").contains("\tat ");
    assertThat(line.path("run").asText()).isEqualTo("3");
  }
}
