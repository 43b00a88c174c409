package dev.hearth.workflow.event;

import dev.hearth.workflow.source.Position;
import java.time.ZoneId;
import java.util.Optional;

/**
 * One {@code - cron:} entry of {@code on.schedule}.
 *
 * @param timezone the IANA zone the cron is read in; absent means UTC, as on GitHub
 * @param position where the cron string is written
 */
public record CronSchedule(CronExpression cron, Optional<ZoneId> timezone, Position position) {}
