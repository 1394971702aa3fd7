package dev.berth.netplug;

import java.security.SecureRandom;
import java.util.List;

/**
 * Linux bridges of Berth networks. Made when the network is made (as dockerd does), so the first
 * container does not change the host's link list and a network's removal restores it exactly.
 */
public final class BridgeLinks {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final String ALIAS = "berth:";

  /**
   * Creates the bridge with {@code gateway} (address/prefix) and brings it up; reuses an existing
   * one. The link's alias names {@code owner} (the daemon's data root) so a later daemon can remove
   * bridges whose data root is gone (a daemon killed and its folder deleted, as tests do).
   */
  public void ensure(String name, Cidr gateway, int mtu, String owner) {
    ensure(name, gateway, null, mtu, owner);
  }

  /**
   * As {@link #ensure(String, Cidr, int, String)}, with the IPv6 gateway too when {@code gateway6}
   * is not null (dockerd sets both on the bridge at network creation). It is added without duplicate
   * address detection, so it is usable at once rather than "tentative" until the first port joins.
   */
  public void ensure(String name, Cidr gateway, Cidr6 gateway6, int mtu, String owner) {
    if (!exists(name)) {
      // A fixed address keeps the bridge's MAC and carrier state the same before the first port
      // joins and after the last one leaves (a bridge without one takes its ports' MACs).
      var add = Command.run(List.of("ip", "link", "add", "name", name, "address", randomMac(), "type", "bridge"));
      if (!add.ok() && !exists(name)) {
        throw new NetworkOperationException("failed to create bridge " + name + ": " + add.describe());
      }
    }
    if (mtu > 0) {
      Command.check(List.of("ip", "link", "set", "dev", name, "mtu", Integer.toString(mtu)));
    }
    var addr = Command.run(List.of("ip", "addr", "add", gateway.toString(), "dev", name));
    // Already there (a bridge kept from an earlier run): iproute2 says "File exists" or, in newer
    // versions, "Address already assigned".
    if (!addr.ok() && !addr.stderr().contains("File exists") && !addr.stderr().contains("already assigned")) {
      throw new NetworkOperationException("failed to set " + gateway + " on bridge " + name + ": " + addr.describe());
    }
    if (gateway6 != null) {
      var addr6 = Command.run(List.of("ip", "-6", "addr", "add", gateway6.toString(), "dev", name, "nodad"));
      if (!addr6.ok() && !addr6.stderr().contains("File exists") && !addr6.stderr().contains("already assigned")) {
        throw new NetworkOperationException("failed to set " + gateway6 + " on bridge " + name + ": " + addr6.describe());
      }
    }
    Command.run(List.of("ip", "link", "set", "dev", name, "alias", ALIAS + owner));
    Command.check(List.of("ip", "link", "set", "dev", name, "up"));
  }

  /** Deletes Berth bridges whose owner folder no longer exists and that have no ports; returns their names. */
  public List<String> removeOrphans() {
    var removed = new java.util.ArrayList<String>();
    for (var line : Command.run(List.of("ip", "-o", "link", "show", "type", "bridge")).stdout().split("\n")) {
      int alias = line.indexOf("alias " + ALIAS);
      int colon = line.indexOf(": ");
      if (alias < 0 || colon < 0) {
        continue;
      }
      var name = line.substring(colon + 2, line.indexOf(':', colon + 2)).replaceAll("@.*", "");
      var owner = line.substring(alias + ("alias " + ALIAS).length()).strip();
      boolean gone = !java.nio.file.Files.exists(java.nio.file.Path.of(owner));
      if (gone && Command.run(List.of("ip", "-o", "link", "show", "master", name)).stdout().isBlank()) {
        Command.run(List.of("ip", "link", "del", "dev", name));
        removed.add(name);
      }
    }
    return removed;
  }

  static String randomMac() {
    var bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    bytes[0] = 0x02; // locally administered, unicast
    var parts = new java.util.ArrayList<String>();
    for (var b : bytes) {
      parts.add(String.format("%02x", b & 0xff));
    }
    return String.join(":", parts);
  }

  public boolean exists(String name) {
    return Command.run(List.of("ip", "-o", "link", "show", "dev", name)).ok();
  }

  /** Deletes the bridge (its routes go with it). Idempotent. */
  public void delete(String name) {
    if (exists(name)) {
      var result = Command.run(List.of("ip", "link", "del", "dev", name));
      if (!result.ok() && exists(name)) {
        throw new NetworkOperationException("failed to delete bridge " + name + ": " + result.describe());
      }
    }
  }
}
