package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import java.util.List;
import java.util.Map;

/**
 * A job {@code container} or a {@code services} entry. The short form {@code container: image}
 * only sets {@code image}. {@code username}/{@code password} come from {@code credentials}.
 */
public record Container(
    Value image,
    Value username,
    Value password,
    Map<String, Value> env,
    List<Value> ports,
    List<Value> volumes,
    Value options,
    Position position) {
  public Container {
    env = Maps.ordered(env);
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
  }
}
