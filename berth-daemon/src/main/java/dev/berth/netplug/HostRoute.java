package dev.berth.netplug;

/** One IPv4 route of the host's main table: its destination and the device it goes through. */
public record HostRoute(String device, Cidr destination) {}
