package dev.hearth.server.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What the webhook needs of a payload before storing it: that it is one JSON object, its
 * {@code action} and its {@code repository.full_name}. Read in one streaming pass (every token is
 * still checked, so malformed JSON is refused with its position), without building a tree: the body
 * is stored as received and parsed fully only when it is planned.
 *
 * @param action the top-level {@code action}, or null
 * @param repository {@code repository.full_name}, or null
 */
record PayloadFacts(String action, String repository) {
  private static final JsonFactory JSON = new JsonFactory();

  /** Reads {@code body}; a {@link com.fasterxml.jackson.core.JacksonException} names where it is not JSON. */
  static PayloadFacts read(byte[] body) throws IOException, NotAnObject {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new NotAnObject();
      String action = null;
      String repository = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("action") && value == JsonToken.VALUE_STRING) {
          action = p.getText();
        } else if (name.equals("repository") && value == JsonToken.START_OBJECT) {
          repository = fullName(p);
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) throw new NotAnObject();
      return new PayloadFacts(action, repository);
    }
  }

  /** Reads the {@code repository} object the parser is at, through its end; its {@code full_name}. */
  private static String fullName(JsonParser p) throws IOException {
    String fullName = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals("full_name") && value == JsonToken.VALUE_STRING) fullName = p.getText();
      else p.skipChildren();
    }
    return fullName;
  }

  /** The body is JSON, but not one object. */
  static final class NotAnObject extends Exception {
    NotAnObject() {
      super("the body is not a JSON object", null, false, false);
    }
  }
}
