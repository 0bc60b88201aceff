package io.s3clean.engines.nio2blob;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;

/**
 * S3Proxy's filesystem store with bucket versioning, which S3Proxy implements in its nio2 base
 * class but turns on only for the in-memory store. Versions and delete markers live next to the
 * objects, as S3Proxy keeps them, in files and their extended attributes.
 *
 * <p>The package name is S3Proxy's contract, not a choice: its handler picks a backend's quirks
 * (multipart stubs, conditional writes) by whether the store's class name holds {@code .nio2blob.}.
 */
public final class VersionedFilesystemBlobStore extends AbstractNio2BlobStore {

  /**
   * @param root an existing directory: one directory per bucket below it
   */
  public VersionedFilesystemBlobStore(Path root) {
    super(root);
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(root + " is not a directory");
    }
    versionIdsStartAfterEveryEarlierRun();
  }

  @Override
  public boolean supportsVersioning() {
    return true;
  }

  /**
   * S3Proxy mints version ids from a counter that starts at 0 in every JVM, and stores an older
   * version under its id: a second run over the same directory would mint the ids of the first
   * again and write over its versions. Starting the counter at the clock's microseconds makes each
   * run's ids greater than every earlier run's: S3Proxy advances it by at most two per version, and
   * no run makes half a million versions a second. S3Proxy offers no setter; a later S3Proxy that
   * mints ids otherwise fails this start by name.
   */
  private static void versionIdsStartAfterEveryEarlierRun() {
    try {
      Field counter = AbstractNio2BlobStore.class.getDeclaredField("VERSION_SEQUENCE");
      counter.setAccessible(true);
      long micros = System.currentTimeMillis() * 1_000;
      ((AtomicLong) counter.get(null)).accumulateAndGet(micros, Math::max);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "S3Proxy no longer mints version ids from its counter 'VERSION_SEQUENCE'", e);
    }
  }
}
