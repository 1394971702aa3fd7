package dev.berth.api.server;

/**
 * One API operation. Runs on a virtual thread, so it may block. Reads parameters from the request,
 * calls one service method and writes one response; errors are thrown as
 * {@link dev.berth.engine.error.EngineException} kinds and mapped by {@code api.error.ErrorMapper}.
 */
@FunctionalInterface
public interface Route {
  void handle(Request request, Response response) throws Exception;
}
