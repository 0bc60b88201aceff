package io.s3clean.localcloud.sqs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The MD5 digests SQS returns and the SDKs check: of a body, and of a message's attributes by the
 * algorithm the SQS Developer Guide gives ("Calculating the MD5 message digest for message
 * attributes"): for each attribute in name order, its name, data type and value, each as a 4-byte
 * big-endian length and its UTF-8 bytes, with a transport byte (1 text, 2 binary) before the value.
 */
public final class AttributeDigest {
  private static final byte STRING_TRANSPORT = 1;
  private static final byte BINARY_TRANSPORT = 2;

  private AttributeDigest() {}

  public static String ofBody(String body) {
    return hex(md5().digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * @return the digest, or null for no attributes (SQS then omits the field)
   */
  public static String ofAttributes(Map<String, MessageAttribute> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Map.Entry<String, MessageAttribute> entry : new TreeMap<>(attributes).entrySet()) {
      MessageAttribute attribute = entry.getValue();
      lengthPrefixed(bytes, entry.getKey().getBytes(StandardCharsets.UTF_8));
      lengthPrefixed(bytes, attribute.dataType().getBytes(StandardCharsets.UTF_8));
      if (attribute.isBinary()) {
        bytes.write(BINARY_TRANSPORT);
        lengthPrefixed(bytes, attribute.binaryValue());
      } else {
        bytes.write(STRING_TRANSPORT);
        lengthPrefixed(bytes, attribute.stringValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return hex(md5().digest(bytes.toByteArray()));
  }

  private static void lengthPrefixed(ByteArrayOutputStream out, byte[] value) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
    out.writeBytes(value);
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has MD5", e);
    }
  }

  private static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
