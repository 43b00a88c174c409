package dev.hearth.testing.github;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** An answer other than success, with GitHub's error JSON ({@code message}, {@code documentation_url}, {@code status}). */
final class ApiError extends Exception {
  private static final long serialVersionUID = 1L;
  static final String DOCS = "https://docs.github.com/rest";

  final int status;
  final transient ObjectNode body;

  ApiError(int status, String message) {
    super(status + " " + message, null, false, false);
    this.status = status;
    this.body = JsonNodeFactory.instance.objectNode();
    body.put("message", message);
    body.put("documentation_url", DOCS);
    body.put("status", String.valueOf(status));
  }

  static ApiError badCredentials() {
    return new ApiError(401, "Bad credentials");
  }

  static ApiError notFound() {
    return new ApiError(404, "Not Found");
  }

  /** GitHub's 422 for a missing field: {@code Validation Failed} with one {@code errors} entry. */
  static ApiError missingField(String resource, String field) {
    ApiError e = new ApiError(422, "Validation Failed");
    ObjectNode error = e.body.putArray("errors").addObject();
    error.put("resource", resource);
    error.put("code", "missing_field");
    error.put("field", field);
    return e;
  }

  /** GitHub's 422 for a body its schema refuses: {@code Invalid request.} and what is wrong. */
  static ApiError invalid(String detail) {
    return new ApiError(422, "Invalid request.\n\n" + detail);
  }
}
