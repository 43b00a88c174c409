package dev.hearth.workflow.model;

import dev.hearth.workflow.source.Position;
import java.util.Map;

/**
 * A {@code permissions} setting: either a shorthand for every scope ({@code read-all},
 * {@code write-all}, or {@code {}} meaning none) or a level per scope ({@code read}, {@code write},
 * {@code none}). {@code all} is null when scopes are listed one by one.
 */
public record Permissions(String all, Map<String, String> scopes, Position position) {
  public Permissions {
    scopes = Maps.ordered(scopes);
  }
}
