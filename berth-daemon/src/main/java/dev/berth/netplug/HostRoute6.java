package dev.berth.netplug;

/** One IPv6 route of the host: its destination and the device it goes through. */
public record HostRoute6(String device, Cidr6 destination) {}
