package io.s3clean.config;

/** A function is deployed with configuration it cannot run with; the message names the setting. */
public class ConfigurationException extends RuntimeException {
  public ConfigurationException(String message) {
    super(message);
  }
}
