package dev.hearth.server.config;

/** How {@code hearth serve} writes its log: lines for people, or one JSON object a line for a log pipeline. */
public enum LogFormat {
  TEXT, JSON
}
