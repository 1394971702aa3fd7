package dev.berth.engine.plugin;

import java.util.List;

/**
 * An activated legacy plugin: its name (the socket or spec file's base name), address, and the
 * capabilities it announced in {@code Plugin.Activate} ({@code VolumeDriver}, {@code authz},
 * {@code NetworkDriver}, {@code IpamDriver}, …).
 */
public record Plugin(String name, String address, List<String> implementsList, PluginClient client) {
  public Plugin {
    implementsList = List.copyOf(implementsList);
  }

  public boolean implementsCapability(String capability) {
    return implementsList.contains(capability);
  }
}
