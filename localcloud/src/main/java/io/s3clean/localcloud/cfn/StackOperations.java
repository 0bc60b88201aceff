package io.s3clean.localcloud.cfn;

import java.util.concurrent.CompletableFuture;

/** What changes a stack beyond its record: the cloud that runs it. */
public interface StackOperations {
  /** A cloud that runs its stack as deployed, and takes no change to it. */
  StackOperations NONE =
      new StackOperations() {
        @Override
        public CompletableFuture<Boolean> execute(ChangeSet changeSet) {
          throw new UnsupportedOperationException(
              "this cloud runs its stack as it was deployed and takes no update; "
                  + "`s3clean local start` runs one that does");
        }

        @Override
        public CompletableFuture<Void> delete() {
          throw new UnsupportedOperationException(
              "this cloud runs its stack as it was deployed and deletes it only" + " as it closes");
        }

        @Override
        public String templateObject(String bucket, String key) {
          throw new UnsupportedOperationException(
              "this cloud reads no TemplateURL; give the template as TemplateBody");
        }
      };

  /**
   * Starts creating (a CREATE change set) or updating the stack with the change set's template and
   * values; the stack's record follows it as it goes.
   *
   * @return completes with whether it succeeded (false when it was rolled back)
   */
  CompletableFuture<Boolean> execute(ChangeSet changeSet);

  /** Starts deleting the stack's resources and their data; the record follows it as it goes. */
  CompletableFuture<Void> delete();

  /** The text of an object of the cloud's S3, which a TemplateURL names. */
  String templateObject(String bucket, String key);
}
