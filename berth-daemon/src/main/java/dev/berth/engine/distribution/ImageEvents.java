package dev.berth.engine.distribution;

/**
 * Where pull and push report what they did, as dockerd's image events: action {@code pull} or
 * {@code push}, actor ID the familiar reference ({@code 127.0.0.1:5000/app:1}), attribute
 * {@code name} the familiar name. Implemented over the event bus at wiring time; must not block.
 */
@FunctionalInterface
public interface ImageEvents {
  ImageEvents NONE = (action, reference, name) -> {};

  void image(String action, String reference, String name);
}
