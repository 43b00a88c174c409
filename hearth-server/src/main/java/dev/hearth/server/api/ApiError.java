package dev.hearth.server.api;

/** A request the API refuses: answered as {@code {"error": message}} with {@code status}. */
final class ApiError extends RuntimeException {
  final int status;

  ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  static ApiError badParameter(String name, String expected, String was) {
    return new ApiError(400, "parameter " + name + " must be " + expected + ", but was '" + was + "'");
  }
}
