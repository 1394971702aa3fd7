package dev.berth.engine.distribution;

import dev.berth.engine.error.InvalidArgument;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block such as {@code 10.0.0.0/8}. */
record Cidr(byte[] network, int prefix) {
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || !text.substring(0, slash).matches("[0-9a-fA-F:.]+")) {
      throw new InvalidArgument("invalid CIDR address: " + text);
    }
    try {
      var address = InetAddress.getByName(text.substring(0, slash)).getAddress();
      int prefix = Integer.parseInt(text.substring(slash + 1));
      if (prefix < 0 || prefix > address.length * 8) {
        throw new InvalidArgument("invalid CIDR address: " + text);
      }
      return new Cidr(address, prefix);
    } catch (UnknownHostException | NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new InvalidArgument("invalid CIDR address: " + text);
    }
  }

  boolean contains(InetAddress address) {
    var bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >> (bit % 8);
      if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
