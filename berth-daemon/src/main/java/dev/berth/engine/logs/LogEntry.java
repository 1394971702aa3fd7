package dev.berth.engine.logs;

import java.time.Instant;

/**
 * One log message: a whole line (ending in {@code \n}) or the unterminated tail a container left
 * when it exited mid-line.
 *
 * @param stream 1 = stdout, 2 = stderr (Docker's numbering)
 */
public record LogEntry(int stream, Instant time, byte[] line) {}
