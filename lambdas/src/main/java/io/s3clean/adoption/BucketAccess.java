package io.s3clean.adoption;

import java.util.Optional;

/** What adopting a bucket needs of S3. */
public interface BucketAccess {
  /**
   * The bucket's region, or empty when no such bucket exists.
   *
   * @throws AdoptionRefusedException NOT_READABLE when the caller may not ask
   */
  Optional<String> region(String bucket);

  /** The bucket's whole notification configuration. */
  BucketNotifications notifications(String bucket);

  /**
   * Replaces the bucket's whole notification configuration.
   *
   * @param validateDestinations false to skip S3's check that every destination exists and lets the
   *     bucket publish, for a change that only removes configurations: another owner's broken
   *     destination must not keep the stack from taking its own away
   * @throws AdoptionRefusedException REFUSED_BY_S3 with S3's words when S3 refuses it
   */
  void replace(String bucket, BucketNotifications notifications, boolean validateDestinations);
}
