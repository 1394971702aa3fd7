package dev.berth.engine.distribution;

import dev.berth.engine.image.Reference;
import dev.berth.content.ContentStore;
import dev.berth.engine.error.EngineException;
import dev.berth.engine.error.InvalidArgument;
import dev.berth.engine.error.SystemError;
import dev.berth.engine.image.ImagePuller;
import dev.berth.snapshot.LayerStore;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Registry operations of the Engine API: pull ({@code POST /images/create?fromImage=}), push
 * ({@code POST /images/{name}/push}) and login ({@code POST /auth}). Progress goes to the caller's
 * consumer as {@link ProgressMessage}s; failures are engine errors with dockerd's texts. Thread-safe;
 * one per daemon, closed at shutdown.
 */
public final class DistributionService implements ImagePuller, AutoCloseable {
  /** Uploads larger than this go in PATCH chunks of this size; smaller ones in one PUT. */
  static final long CHUNK_SIZE = 64L << 20;

  private final ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
  private final RegistryClient client;
  private final Puller puller;
  private final Pusher pusher;
  private volatile ImageEvents events = ImageEvents.NONE;

  /** @param metadataDir where layer ↔ registry blob links are kept ({@code <data-root>/image/distribution}) */
  public DistributionService(RegistryConfig config, ContentStore content, LayerStore layers, LocalImages images, Path metadataDir) {
    this.client = new RegistryClient(new RegistryHosts(config, httpExecutor), new TokenCache(InstantSource.system()));
    var sources = new BlobSources(metadataDir.resolve("diffid"));
    this.puller = new Puller(client, content, layers, sources, images, config.maxConcurrentDownloads(),
        new PartialBlobs(metadataDir.resolve("partial"), PartialBlobs.Policy.DEFAULT, InstantSource.system(), content::exists));
    this.pusher = new Pusher(client, content, layers, sources, images, config.maxConcurrentUploads(), CHUNK_SIZE);
  }

  /** Set once at wiring time, when the event bus exists. */
  public void setEvents(ImageEvents events) {
    this.events = events;
  }

  /**
   * Pulls {@code reference}; without tag or digest every tag of the repository ({@code pull -a}).
   *
   * @param platform {@code os[/arch[/variant]]}, or empty/null for the host's
   * @param authHeader the raw {@code X-Registry-Auth} header, or null
   */
  @Override
  public void pull(String reference, String platform, String authHeader, Consumer<Object> progress) {
    var ref = Reference.parse(reference);
    var wanted = platform == null || platform.isBlank() ? null : Platform.parse(platform);
    run(() -> puller.pull(ref, wanted, RegistryAuthHeader.decode(authHeader), new Progress(progress)));
    events.image("pull", ref.familiar(), ref.familiarName());
  }

  /** Pushes {@code name} with {@code tag}, or every tag of the repository when the tag is empty. */
  public void push(String name, String tag, String authHeader, Consumer<Object> progress) {
    var ref = Reference.parse(name);
    if (tag != null && !tag.isEmpty()) {
      ref = Reference.parse(ref.name() + (tag.startsWith("sha256:") ? "@" : ":") + tag);
    }
    var target = ref;
    run(() -> pusher.push(target, RegistryAuthHeader.decode(authHeader), new Progress(progress)));
    events.image("push", target.familiar(), target.familiarName());
  }

  /** The answer to {@code POST /auth}. */
  public record LoginResult(
      @com.fasterxml.jackson.annotation.JsonProperty("IdentityToken") String identityToken,
      @com.fasterxml.jackson.annotation.JsonProperty("Status") String status) {}

  /** Checks credentials against the registry named by {@code serveraddress} (Docker Hub when empty). */
  public LoginResult login(AuthConfig auth) {
    if (auth == null) {
      throw new InvalidArgument("invalid JSON: empty body");
    }
    var host = loginHost(auth.serverAddress());
    var token = new String[1];
    run(() -> token[0] = client.login(host, auth));
    return new LoginResult(token[0], "Login Succeeded");
  }

  /** moby registry.Service.Auth: the host of the server address; Docker Hub's names mean docker.io. */
  static String loginHost(String serverAddress) {
    if (serverAddress == null || serverAddress.isBlank()) {
      return RegistryHosts.DOCKER_HUB;
    }
    var address = serverAddress.trim();
    address = address.replaceFirst("^https?://", "");
    int slash = address.indexOf('/');
    var host = slash < 0 ? address : address.substring(0, slash);
    if (host.isEmpty()) {
      throw new InvalidArgument("unable to parse server address: " + serverAddress);
    }
    return switch (host) {
      case "index.docker.io", "registry-1.docker.io", "docker.io" -> RegistryHosts.DOCKER_HUB;
      default -> host;
    };
  }

  private interface Work {
    void run() throws IOException;
  }

  private static void run(Work work) {
    try {
      work.run();
    } catch (EngineException e) {
      throw e;
    } catch (InterruptedIOException e) {
      throw new SystemError("context canceled", e);
    } catch (IOException e) {
      throw new SystemError(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new SystemError(e.getCause().getMessage(), e);
    } catch (RegistryError e) {
      throw new SystemError(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    httpExecutor.shutdownNow();
  }
}
