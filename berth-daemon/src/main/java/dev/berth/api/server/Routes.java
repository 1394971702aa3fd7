package dev.berth.api.server;

/** A group of routes (containers, images, system …) that registers itself with the router. */
public interface Routes {
  void register(Router router);
}
