package io.s3clean.localcloud.provision;

/** The template asks for something the embedded cloud cannot do; the message names it. */
public class ProvisioningException extends RuntimeException {
  public ProvisioningException(String message) {
    super(message);
  }

  public ProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
