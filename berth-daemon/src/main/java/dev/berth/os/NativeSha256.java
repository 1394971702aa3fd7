package dev.berth.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.security.MessageDigest;

/**
 * SHA-256 by OpenSSL's libcrypto (FFM), for the layer and blob digests. berthd runs with C1 only
 * ({@code -XX:TieredStopAtLevel=1}, for start time and memory), where the JDK's SHA-256 has no
 * intrinsic: measured on this machine it hashes 200 MB in 2.2–2.7 s, libcrypto (SHA-NI) in about
 * 0.15 s. Heap arrays are passed straight to the library ({@link Linker.Option#critical}), in
 * chunks, so a call never holds the garbage collector long; tiny updates are gathered first.
 *
 * <p>{@link #AVAILABLE} is false when libcrypto.so.3 is absent; callers then use the JDK's digest.
 * An instance is not thread-safe (as any MessageDigest); its context lives in GC-managed memory.
 */
public final class NativeSha256 extends MessageDigest implements Cloneable {
  /** {@code sizeof(SHA256_CTX)} is 112 on 64-bit Linux; a little more is harmless. */
  private static final long CTX_SIZE = 128;
  private static final int CHUNK = 1 << 20;
  private static final int SMALL = 256;

  private static final MethodHandle INIT;
  private static final MethodHandle UPDATE;
  private static final MethodHandle FINAL;
  /** Whether libcrypto was found and its SHA256 functions bound. */
  public static final boolean AVAILABLE;

  static {
    MethodHandle init = null;
    MethodHandle update = null;
    MethodHandle fin = null;
    try {
      var linker = Linker.nativeLinker();
      var lib = SymbolLookup.libraryLookup("libcrypto.so.3", Arena.global());
      var critical = Linker.Option.critical(true);
      init = linker.downcallHandle(lib.findOrThrow("SHA256_Init"), FunctionDescriptor.of(JAVA_INT, ADDRESS), critical);
      update = linker.downcallHandle(lib.findOrThrow("SHA256_Update"),
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG), critical);
      fin = linker.downcallHandle(lib.findOrThrow("SHA256_Final"), FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS),
          critical);
    } catch (RuntimeException | LinkageError e) {
      init = null;
    }
    INIT = init;
    UPDATE = update;
    FINAL = fin;
    AVAILABLE = init != null;
  }

  private MemorySegment ctx;
  private byte[] small = new byte[4096];
  private int buffered;

  public NativeSha256() {
    super("SHA-256");
    if (!AVAILABLE) throw new IllegalStateException("libcrypto.so.3 is not available");
    ctx = Arena.ofAuto().allocate(CTX_SIZE, 16);
    check(call(() -> (int) INIT.invokeExact(ctx)), "SHA256_Init");
  }

  @Override
  protected int engineGetDigestLength() {
    return 32;
  }

  @Override
  protected void engineUpdate(byte input) {
    if (buffered == small.length) flush();
    small[buffered++] = input;
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    if (len <= SMALL) {
      if (buffered + len > small.length) flush();
      System.arraycopy(input, offset, small, buffered, len);
      buffered += len;
      return;
    }
    flush();
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      update(MemorySegment.ofArray(input).asSlice(offset, n), n);
      offset += n;
      len -= n;
    }
  }

  @Override
  protected byte[] engineDigest() {
    flush();
    var out = new byte[32];
    var seg = MemorySegment.ofArray(out);
    check(call(() -> (int) FINAL.invokeExact(seg, ctx)), "SHA256_Final");
    engineReset();
    return out;
  }

  @Override
  protected void engineReset() {
    buffered = 0;
    check(call(() -> (int) INIT.invokeExact(ctx)), "SHA256_Init");
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    var copy = (NativeSha256) super.clone();
    copy.ctx = Arena.ofAuto().allocate(CTX_SIZE, 16).copyFrom(ctx);
    copy.small = small.clone();
    return copy;
  }

  private void flush() {
    if (buffered == 0) return;
    update(MemorySegment.ofArray(small).asSlice(0, buffered), buffered);
    buffered = 0;
  }

  private void update(MemorySegment data, long len) {
    check(call(() -> (int) UPDATE.invokeExact(ctx, data, len)), "SHA256_Update");
  }

  private static void check(int result, String what) {
    if (result != 1) throw new IllegalStateException(what + " failed");
  }

  private interface IntCall {
    int run() throws Throwable;
  }

  private static int call(IntCall c) {
    try {
      return c.run();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }
}
