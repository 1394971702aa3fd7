package dev.berth.engine.volume;

import dev.berth.engine.error.NotFound;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.plugin.PluginRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link VolumePlugins} over the legacy plugin registry ({@code VolumeDriver} capability). */
final class RegistryVolumePlugins implements VolumePlugins {
  static final String CAPABILITY = "VolumeDriver";
  private final PluginRegistry registry;
  private final Map<String, PluginVolumeDriver> drivers = new ConcurrentHashMap<>();

  RegistryVolumePlugins(PluginRegistry registry) {
    this.registry = registry;
  }

  @Override
  public VolumeDriver get(String name) {
    try {
      var plugin = registry.get(name, CAPABILITY);
      return drivers.computeIfAbsent(plugin.name(), n -> new PluginVolumeDriver(plugin));
    } catch (NotFound e) {
      throw new NotFound("error looking up volume plugin " + name + ": " + e.getMessage(), e);
    } catch (SystemError e) {
      throw new SystemError("error looking up volume plugin " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<VolumeDriver> active(String name) {
    return registry.active(name).filter(p -> p.implementsCapability(CAPABILITY))
        .map(p -> drivers.computeIfAbsent(p.name(), n -> new PluginVolumeDriver(p)));
  }

  @Override
  public List<VolumeDriver> all(List<String> warnings) {
    return registry.all(CAPABILITY, null).stream()
        .map(p -> (VolumeDriver) drivers.computeIfAbsent(p.name(), n -> new PluginVolumeDriver(p))).toList();
  }
}
