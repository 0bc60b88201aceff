package io.s3clean.cleanup;

/** Tells people that a cleanup removed objects. */
public interface CleanupNotifier {
  CleanupNotifier NONE = report -> {};

  void cleaned(CleanupReport report);
}
