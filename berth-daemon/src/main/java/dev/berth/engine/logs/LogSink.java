package dev.berth.engine.logs;

import java.io.IOException;

/** Where log messages go (the API frames them). A failing write means the reader stops. */
@FunctionalInterface
public interface LogSink {
  void write(LogEntry entry) throws IOException;
}
