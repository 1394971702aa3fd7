package dev.berth.engine.volume;

import java.util.Map;

/**
 * A volume as its driver reports it.
 *
 * @param mountpoint the host path, or "" when the driver only knows it once mounted
 * @param createdAt RFC 3339, or null when the driver does not say
 * @param status driver-specific status for inspect, or null
 */
record DriverVolume(String name, String mountpoint, String createdAt, Map<String, Object> status) {}
