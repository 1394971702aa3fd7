package dev.berth.engine.build;

import dev.berth.content.Digest;
import dev.berth.engine.commit.ContainerCommitter;
import dev.berth.engine.container.ContainerService;
import dev.berth.engine.container.RootfsMounter;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.NotImplemented;
import dev.berth.engine.events.EventBus;
import dev.berth.engine.image.ImageService;
import dev.berth.engine.image.Reference;
import dev.berth.snapshot.ContainerLayers;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /build} with dockerd's classic builder: the context tar, the Dockerfile, every
 * instruction, the build cache, tags. Errors found before the build starts (a bad tag, a missing
 * or malformed Dockerfile) are thrown as engine errors; once steps run, a failing RUN is reported
 * through {@link BuildOutput#failed} and other errors are thrown for the caller to put in the
 * stream. Thread-safe: builds run concurrently, each on its caller's thread.
 */
public final class BuildService {
  private final BuildTools tools;

  public BuildService(ImageService images, ContainerService containers, ContainerCommitter committer,
      ContainerLayers layers, RootfsMounter mounter, EventBus events, Clock clock, Path tmp, Path overlayRoot) {
    this.tools = new BuildTools(images, containers, layers, mounter, new ImageWriter(images, committer),
        new BuildCache(images), events, clock, tmp);
    BuildContext.delete(tmp); // what a build left when the daemon died
    StepTree.removeLeftovers(layers, mounter, overlayRoot);
  }

  /** Runs the build; returns the image ID, or null when a RUN step failed (already reported). */
  public Digest build(InputStream body, BuildRequest request, BuildOutput sink) {
    if (!request.remote().isEmpty()) {
      throw new NotImplemented("remote build contexts are not supported: send the context as a tar");
    }
    var tags = new ArrayList<Reference>();
    for (var t : request.tags()) {
      var ref = Reference.parse(t);
      if (ref.digest() != null) {
        throw new InvalidArgument("invalid reference format");
      }
      tags.add(ref.tagNameOnly());
    }
    var out = request.quiet() ? new QuietOutput(sink) : sink;
    try (var context = BuildContext.extract(body, tools.tmp(), request.dockerfile())) {
      var plan = Builder.plan(context.dockerfile(), request);
      Digest id;
      try {
        id = new Builder(tools, request, out, context).run(plan);
      } catch (RunStep.Failed e) {
        if (out instanceof QuietOutput q) {
          q.flush();
        }
        sink.failed(e.getMessage(), e.code);
        return null;
      } catch (RuntimeException e) {
        if (out instanceof QuietOutput q) {
          q.flush();
        }
        throw e;
      }
      out.stream("Successfully built " + id.hex().substring(0, 12) + "\n");
      for (var tag : tags) {
        tools.images().tag(id.toString(), tag.name(), tag.tag());
        tools.events().publish("image", "tag", id.toString(), Map.of("name", tag.familiar()));
        out.stream("Successfully tagged " + tag.familiar() + "\n");
      }
      if (out instanceof QuietOutput) {
        sink.stream(id + "\n");
      }
      return id;
    }
  }

  /** {@code q=1}: nothing but the ID on success; the held-back output before an error (moby's notVerboseBuffer). */
  private static final class QuietOutput implements BuildOutput {
    private final BuildOutput sink;
    private final List<String> held = new ArrayList<>();

    QuietOutput(BuildOutput sink) {
      this.sink = sink;
    }

    @Override
    public void stream(String text) {
      held.add(text);
    }

    @Override
    public void aux(String imageId) {
      // dockerd sends no aux message in quiet mode
    }

    @Override
    public void failed(String message, int code) {
      flush();
      sink.failed(message, code);
    }

    void flush() {
      sink.stream(String.join("", held));
      held.clear();
    }
  }
}
