package dev.berth.netplug;

/**
 * A published port: {@code hostIp:hostPort/proto} on the host forwarded to {@code targetIp:targetPort}
 * in a container. {@code hostIp} "0.0.0.0" means every address; {@code hostPort} 0 asks for any free
 * port.
 */
public record PortForward(String proto, String hostIp, int hostPort, String targetIp, int targetPort) {
  public PortForward {
    if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
      throw new IllegalArgumentException("invalid proto '" + proto + "'");
    }
  }

  public PortForward withHostPort(int port) {
    return new PortForward(proto, hostIp, port, targetIp, targetPort);
  }
}
