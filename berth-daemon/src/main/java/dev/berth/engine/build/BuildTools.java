package dev.berth.engine.build;

import dev.berth.engine.container.ContainerService;
import dev.berth.engine.container.RootfsMounter;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageService;
import dev.berth.snapshot.ContainerLayers;
import java.nio.file.Path;
import java.time.Clock;

/** The services one build uses, shared by its steps. */
record BuildTools(ImageService images, ContainerService containers, ContainerLayers layers, RootfsMounter mounter,
    ImageWriter writer, BuildCache cache, EventBus events, Clock clock, Path tmp) {}
