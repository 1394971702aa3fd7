package dev.berth.netplug;

/** A host networking step (ip, iptables, a CNI plugin) failed; the message says which and why. */
public class NetworkOperationException extends RuntimeException {
  public NetworkOperationException(String message) {
    super(message);
  }
}
