package dev.berth.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the runtime needs to create a container.
 *
 * @param spec the OCI runtime spec as a JSON-ready tree (from {@link OciSpecBuilder})
 * @param logPath where the monitor writes the container's output (k8s-file format)
 */
public record CreateRequest(String id, Map<String, Object> spec, boolean tty, boolean openStdin, boolean stdinOnce, Path logPath) {}
