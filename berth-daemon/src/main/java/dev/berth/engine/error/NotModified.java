package dev.berth.engine.error;

/** The request changed nothing (start of a running container, stop of a stopped one): 304, empty body. */
public final class NotModified extends EngineException {
  public NotModified() {
    super("");
  }
}
