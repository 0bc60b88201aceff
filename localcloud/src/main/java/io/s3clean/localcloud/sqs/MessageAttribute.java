package io.s3clean.localcloud.sqs;

import java.util.Objects;

/**
 * A message attribute as SQS keeps it: its data type ({@code String}, {@code Number}, {@code
 * Binary}, each with an optional {@code .custom} suffix) and a string or a binary value.
 */
public record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {
  public MessageAttribute {
    Objects.requireNonNull(dataType, "dataType");
  }

  public static MessageAttribute string(String dataType, String value) {
    return new MessageAttribute(dataType, value, null);
  }

  public static MessageAttribute binary(String dataType, byte[] value) {
    return new MessageAttribute(dataType, null, value.clone());
  }

  /** Binary types travel as bytes, String and Number ones as text. */
  public boolean isBinary() {
    return dataType.startsWith("Binary");
  }
}
