package dev.berth.engine.container;

/** The {@code attach} query: which streams, whether to replay the log, whether to stream. */
public record AttachOptions(boolean stdin, boolean stdout, boolean stderr, boolean logs, boolean stream) {}
