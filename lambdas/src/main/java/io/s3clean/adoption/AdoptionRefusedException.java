package io.s3clean.adoption;

/** Why a bucket cannot be adopted, in one line an operator can act on. Nothing was changed. */
public final class AdoptionRefusedException extends RuntimeException {
  /** What stands in the way. */
  public enum Reason {
    NO_SUCH_BUCKET,
    OTHER_REGION,
    NOT_READABLE,
    CONFLICTING_NOTIFICATIONS,
    REFUSED_BY_S3
  }

  private final Reason reason;

  public AdoptionRefusedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
