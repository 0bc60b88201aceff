package io.s3clean.engines.xml;

/** A bucket configuration S3 refuses: the HTTP status, error code and message it answers with. */
public final class RefusedConfiguration extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  public RefusedConfiguration(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  /** S3's answer to a document that is not XML, or not of the configuration's schema. */
  public static RefusedConfiguration malformed() {
    return new RefusedConfiguration(
        400,
        "MalformedXML",
        "The XML you provided was not well-formed or did not validate against our published schema");
  }

  /** The document as XML, or S3's MalformedXML. */
  public static org.w3c.dom.Document parse(String xml) {
    try {
      return S3Xml.parse(xml);
    } catch (IllegalArgumentException e) {
      throw malformed();
    }
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
