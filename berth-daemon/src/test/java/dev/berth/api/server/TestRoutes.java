package dev.berth.api.server;

import dev.berth.engine.error.Conflict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Routes for server tests: a fake attachable container "echo" whose attach echoes stdin back in
 * stdout frames, a body counter, a held stream, and a failing route.
 */
final class TestRoutes implements Routes {
  final CountDownLatch attachDone = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch clientGone = new CountDownLatch(1);
  static final int FLOOD_BLOCKS = 1024; // 64 MiB
  final java.util.concurrent.atomic.AtomicLong flooded = new java.util.concurrent.atomic.AtomicLong();

  @Override
  public void register(Router r) {
    r.get("/containers/{id}/json", (req, res) -> res.ok(container(req.path("id"))));
    r.post("/containers/{id}/wait", (req, res) -> {
      try (var out = res.stream("application/json")) {
        out.flush();
        attachDone.await(30, TimeUnit.SECONDS);
        out.write("{\"Error\":null,\"StatusCode\":0}\n".getBytes(StandardCharsets.UTF_8));
      }
    });
    r.post("/containers/{id}/attach", (req, res) -> {
      var h = res.hijack("application/vnd.docker.multiplexed-stream");
      Thread.ofVirtual().start(() -> echo(h));
    });
    r.post("/count", (req, res) -> {
      long n = 0;
      var buf = new byte[65536];
      for (int k; (k = req.body().read(buf)) >= 0; ) {
        n += k;
      }
      res.ok(Map.of("bytes", n));
    });
    r.post("/json", (req, res) -> res.ok(req.json(Map.class)));
    r.get("/held", (req, res) -> {
      try (var out = res.stream("text/plain")) {
        out.write("first\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        release.await(30, TimeUnit.SECONDS);
        out.write("second\n".getBytes(StandardCharsets.UTF_8));
      }
    });
    r.get("/until-gone", (req, res) -> {
      req.disconnected().toCompletableFuture().get(30, TimeUnit.SECONDS);
      clientGone.countDown();
      res.noContent();
    });
    r.get("/flood", (req, res) -> {
      var block = new byte[1 << 16];
      try (var out = res.stream("application/octet-stream")) {
        for (int i = 0; i < FLOOD_BLOCKS; i++) {
          out.write(block);
          flooded.addAndGet(block.length);
        }
      }
    });
    r.get("/conflict", (req, res) -> {
      throw new Conflict("you lost");
    });
    r.get("/boom", (req, res) -> {
      throw new IllegalStateException("secret detail");
    });
    r.get("/images/{name*}/json", (req, res) -> res.ok(Map.of("name", req.path("name"))));
    r.get("/params", (req, res) -> res.ok(Map.of(
        "all", req.bool("all", false), "filters", req.filters().values(), "limit", req.integer("limit", -1))));
  }

  private static Map<String, Object> container(String id) {
    var state = new LinkedHashMap<String, Object>();
    state.put("Status", "running");
    state.put("Running", true);
    state.put("Paused", false);
    state.put("Restarting", false);
    return Map.of("Id", id, "Name", "/" + id, "State", state,
        "Config", Map.of("Tty", false, "OpenStdin", true, "AttachStdin", true, "StdinOnce", false));
  }

  private void echo(Hijacked h) {
    try (h) {
      InputStream in = h.in();
      OutputStream out = h.out();
      var buf = new byte[8192];
      for (int n; (n = in.read(buf)) >= 0; ) {
        var frame = ByteBuffer.allocate(8 + n).put((byte) 1).put(new byte[3]).putInt(n).put(buf, 0, n);
        out.write(frame.array());
      }
      h.closeWrite();
    } catch (IOException e) {
      // client gone
    } finally {
      attachDone.countDown();
    }
  }
}
