package io.s3clean.engines;

/** An emulator could not start; the message names which. */
public final class EmulatorStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EmulatorStartException(String emulator, Throwable cause) {
    super(emulator + " did not start: " + cause.getMessage(), cause);
  }
}
