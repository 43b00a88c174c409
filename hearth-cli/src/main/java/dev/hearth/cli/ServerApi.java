package dev.hearth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;

/** The REST API of a running {@code hearth serve}, for {@code hearth runs} and {@code hearth logs}. */
final class ServerApi {
  /** Where {@code hearth serve} listens by default. */
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  /** The server could not be reached, or refused the request; the message says which and why. */
  static final class ApiException extends Exception {
    ApiException(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  ServerApi(String url) throws ApiException {
    try {
      URI uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) throw new IllegalArgumentException();
      this.base = uri;
    } catch (IllegalArgumentException e) {
      throw new ApiException("--server must be an http:// or https:// URL like " + DEFAULT_URL + ", but was '" + url + "'");
    }
  }

  JsonNode get(String path) throws ApiException, InterruptedException {
    HttpResponse<String> r = send(path, HttpResponse.BodyHandlers.ofString());
    try {
      JsonNode body = JSON.readTree(r.body());
      if (r.statusCode() != 200) throw new ApiException(body.path("error").asText("the server answered " + r.statusCode()));
      return body;
    } catch (IOException e) {
      throw new ApiException(base + path + " answered " + r.statusCode() + " with something that is not JSON");
    }
  }

  /** The lines of an event stream, as they arrive. */
  Stream<String> stream(String path) throws ApiException, InterruptedException {
    HttpResponse<Stream<String>> r = send(path, HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      String body = String.join("\n", r.body().toList());
      try {
        throw new ApiException(JSON.readTree(body).path("error").asText("the server answered " + r.statusCode()));
      } catch (IOException e) {
        throw new ApiException(base + path + " answered " + r.statusCode());
      }
    }
    return r.body();
  }

  private <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> handler) throws ApiException, InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").build(), handler);
    } catch (ConnectException e) {
      throw new ApiException("cannot reach a Hearth server at " + base + " (connection refused); start one with "
          + "'hearth serve' or give its address with --server URL");
    } catch (IOException e) {
      throw new ApiException("cannot talk to the Hearth server at " + base + ": " + e.getMessage());
    }
  }
}
