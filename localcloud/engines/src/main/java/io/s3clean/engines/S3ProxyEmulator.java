package io.s3clean.engines;

import io.s3clean.engines.lifecycle.S3Lifecycle;
import io.s3clean.engines.nio2blob.VersionedFilesystemBlobStore;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S3Proxy as an S3 endpoint, storing objects in files under the data directory or in memory, with
 * bucket versioning either way, and reporting every committed change to an {@link
 * ObjectChangeListener}.
 */
public final class S3ProxyEmulator implements Emulator {

  private static final Logger LOG = LoggerFactory.getLogger(S3ProxyEmulator.class);

  /**
   * How long stop waits for requests in flight. S3Proxy's default is 30 s, sized for container
   * orchestrators; a local run would rather stop at once.
   */
  private static final long STOP_TIMEOUT_MILLIS = 1_000;

  private final S3Proxy proxy;
  private final HttpServlet servlet;
  private final S3Lifecycle lifecycle;

  private S3ProxyEmulator(S3Proxy proxy, HttpServlet servlet, S3Lifecycle lifecycle) {
    this.proxy = proxy;
    this.servlet = servlet;
    this.lifecycle = lifecycle;
  }

  /** Bucket lifecycle configurations kept in memory. */
  public static S3ProxyEmulator start(
      int port, Optional<Path> dataDir, ObjectChangeListener listener) {
    return start(port, dataDir, Optional.empty(), listener);
  }

  /**
   * @param dataDir where objects are stored; empty for memory
   * @param lifecycleDir where bucket lifecycle configurations are kept; empty for memory
   */
  public static S3ProxyEmulator start(
      int port,
      Optional<Path> dataDir,
      Optional<Path> lifecycleDir,
      ObjectChangeListener listener) {
    try {
      NotifyingBlobStore store = new NotifyingBlobStore(blobStore(dataDir), listener);
      S3Lifecycle lifecycle = new S3Lifecycle(store, lifecycleDir);
      S3Proxy proxy =
          S3Proxy.builder()
              .endpoint(Emulator.loopbackUri(port))
              .awsAuthentication(AuthenticationType.NONE, null, null)
              .blobStore(store)
              .stopTimeout(STOP_TIMEOUT_MILLIS)
              .build();
      try {
        proxy.start();
      } catch (Exception e) {
        // Jetty has started its thread pool by the time the bind fails.
        stopQuietly(proxy, e);
        throw e;
      }
      return new S3ProxyEmulator(proxy, servletOf(proxy), lifecycle);
    } catch (Exception e) {
      throw new EmulatorStartException("S3Proxy", e);
    }
  }

  /** The buckets' lifecycle configurations, which S3Proxy does not implement, and their pass. */
  public S3Lifecycle lifecycle() {
    return lifecycle;
  }

  /**
   * S3Proxy's servlet, the one its Jetty serves: the endpoint calls it in its own thread. S3Proxy
   * offers no accessor for it; a later S3Proxy that keeps it elsewhere fails the start here, by
   * name, and with it every test that starts the emulators.
   */
  private static HttpServlet servletOf(S3Proxy proxy) {
    try {
      Field handler = S3Proxy.class.getDeclaredField("handler");
      handler.setAccessible(true);
      return (HttpServlet) handler.get(proxy);
    } catch (ReflectiveOperationException | ClassCastException e) {
      stopQuietly(proxy, e);
      throw new IllegalStateException(
          "S3Proxy no longer keeps its servlet in the field 'handler'", e);
    }
  }

  /**
   * The servlet behind {@link #endpoint()}, over the same store: the same S3, without the HTTP hop.
   */
  public HttpServlet servlet() {
    return servlet;
  }

  private static void stopQuietly(S3Proxy proxy, Throwable failure) {
    try {
      proxy.stop();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  private static BlobStore blobStore(Optional<Path> dataDir) {
    if (dataDir.isEmpty()) {
      return new TransientNio2BlobStore();
    }
    try {
      // One directory per bucket below this one; the store refuses a missing root.
      Path root = Files.createDirectories(dataDir.get());
      return new VersionedFilesystemBlobStore(root.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public URI endpoint() {
    return Emulator.loopbackUri(proxy.getPort());
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (TimeoutException gracePeriodOver) {
      // A client that never closed its keep-alive connections holds Jetty's graceful stop
      // for the whole grace period; Jetty then closes them and finishes stopping anyway.
      LOG.debug("S3Proxy's graceful stop timed out; connections were closed", gracePeriodOver);
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop cleanly", e);
    }
  }
}
