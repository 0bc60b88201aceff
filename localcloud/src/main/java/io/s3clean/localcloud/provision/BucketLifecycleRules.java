package io.s3clean.localcloud.provision;

import static io.s3clean.localcloud.provision.Types.asMap;

import java.util.List;
import java.util.Map;

/**
 * An AWS::S3::Bucket's LifecycleConfiguration property as the XML of
 * PutBucketLifecycleConfiguration, which the S3 engine's lifecycle takes and checks (CloudFormation
 * user guide, AWS::S3::Bucket Rule).
 */
final class BucketLifecycleRules {
  private BucketLifecycleRules() {}

  static String toXml(Map<String, Object> configuration, String logicalId) {
    StringBuilder xml =
        new StringBuilder(
            "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    Object rules = configuration.get("Rules");
    if (!(rules instanceof List<?> list) || list.isEmpty()) {
      throw new ProvisioningException(logicalId + ": LifecycleConfiguration needs Rules");
    }
    for (Object item : list) {
      Map<String, Object> rule = asMap(item, logicalId + ": lifecycle rule");
      if (rule.containsKey("TagFilters")) {
        throw new ProvisioningException(
            logicalId + ": lifecycle TagFilters are not supported by the embedded cloud");
      }
      xml.append("<Rule>");
      element(xml, "ID", rule.get("Id"));
      xml.append("<Filter><And>");
      element(xml, "Prefix", rule.getOrDefault("Prefix", ""));
      element(xml, "ObjectSizeGreaterThan", rule.get("ObjectSizeGreaterThan"));
      element(xml, "ObjectSizeLessThan", rule.get("ObjectSizeLessThan"));
      xml.append("</And></Filter>");
      element(xml, "Status", rule.get("Status"));
      if (rule.containsKey("ExpirationInDays")
          || rule.containsKey("ExpirationDate")
          || rule.containsKey("ExpiredObjectDeleteMarker")) {
        xml.append("<Expiration>");
        element(xml, "Days", rule.get("ExpirationInDays"));
        element(xml, "Date", rule.get("ExpirationDate"));
        element(xml, "ExpiredObjectDeleteMarker", rule.get("ExpiredObjectDeleteMarker"));
        xml.append("</Expiration>");
      }
      Object noncurrent = rule.get("NoncurrentVersionExpiration");
      Object legacyNoncurrent = rule.get("NoncurrentVersionExpirationInDays");
      if (noncurrent != null || legacyNoncurrent != null) {
        Map<String, Object> expiration =
            noncurrent == null
                ? Map.of("NoncurrentDays", legacyNoncurrent)
                : asMap(noncurrent, logicalId + ": NoncurrentVersionExpiration");
        xml.append("<NoncurrentVersionExpiration>");
        element(xml, "NoncurrentDays", expiration.get("NoncurrentDays"));
        element(xml, "NewerNoncurrentVersions", expiration.get("NewerNoncurrentVersions"));
        xml.append("</NoncurrentVersionExpiration>");
      }
      // transitions move bytes between storage classes and free none: kept, so a rule of them
      // alone is a rule
      for (String name : List.of("Transitions", "Transition")) {
        Object transitions = rule.get(name);
        for (Object transition :
            transitions instanceof List<?> many
                ? many
                : transitions == null ? List.of() : List.of(transitions)) {
          Map<String, Object> t = asMap(transition, logicalId + ": " + name);
          xml.append("<Transition>");
          element(xml, "Days", t.get("TransitionInDays"));
          element(xml, "Date", t.get("TransitionDate"));
          element(xml, "StorageClass", t.get("StorageClass"));
          xml.append("</Transition>");
        }
      }
      Object abort = rule.get("AbortIncompleteMultipartUpload");
      if (abort != null) {
        xml.append("<AbortIncompleteMultipartUpload>");
        element(
            xml,
            "DaysAfterInitiation",
            asMap(abort, logicalId + ": AbortIncompleteMultipartUpload")
                .get("DaysAfterInitiation"));
        xml.append("</AbortIncompleteMultipartUpload>");
      }
      xml.append("</Rule>");
    }
    return xml.append("</LifecycleConfiguration>").toString();
  }

  private static void element(StringBuilder xml, String name, Object value) {
    if (value == null) {
      return;
    }
    xml.append('<')
        .append(name)
        .append('>')
        .append(
            String.valueOf(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
        .append("</")
        .append(name)
        .append('>');
  }
}
