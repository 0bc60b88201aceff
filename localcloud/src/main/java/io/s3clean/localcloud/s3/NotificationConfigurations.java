package io.s3clean.localcloud.s3;

import static io.s3clean.engines.xml.S3Xml.child;
import static io.s3clean.engines.xml.S3Xml.children;
import static io.s3clean.engines.xml.S3Xml.text;

import io.s3clean.engines.xml.RefusedConfiguration;
import io.s3clean.engines.xml.S3Xml;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/**
 * A bucket's notification configuration in the XML of Put and GetBucketNotificationConfiguration
 * (botocore's {@code NotificationConfiguration}), checked as S3 checks it: known event types, a
 * destination that exists, and no two configurations sharing an event type over overlapping key
 * filters. The embedded cloud delivers to SNS topics only.
 */
public final class NotificationConfigurations {
  private static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  /** The event types S3 notifies (S3 user guide, "Event notification types and destinations"). */
  private static final Set<String> EVENTS =
      Set.of(
          "s3:ObjectCreated:*",
          "s3:ObjectCreated:Put",
          "s3:ObjectCreated:Post",
          "s3:ObjectCreated:Copy",
          "s3:ObjectCreated:CompleteMultipartUpload",
          "s3:ObjectRemoved:*",
          "s3:ObjectRemoved:Delete",
          "s3:ObjectRemoved:DeleteMarkerCreated",
          "s3:LifecycleExpiration:*",
          "s3:LifecycleExpiration:Delete",
          "s3:LifecycleExpiration:DeleteMarkerCreated",
          "s3:ObjectRestore:*",
          "s3:ObjectRestore:Post",
          "s3:ObjectRestore:Completed",
          "s3:ObjectRestore:Delete",
          "s3:ReducedRedundancyLostObject",
          "s3:Replication:*",
          "s3:LifecycleTransition",
          "s3:IntelligentTiering",
          "s3:ObjectTagging:*",
          "s3:ObjectTagging:Put",
          "s3:ObjectTagging:Delete",
          "s3:ObjectAcl:Put");

  private NotificationConfigurations() {}

  /**
   * @param topicExists whether a TopicConfiguration's topic exists
   */
  public static List<TopicNotification> parse(String xml, Predicate<String> topicExists) {
    Element root = RefusedConfiguration.parse(xml).getDocumentElement();
    if (!root.getLocalName().equals("NotificationConfiguration")) {
      throw RefusedConfiguration.malformed();
    }
    for (String other :
        List.of("QueueConfiguration", "CloudFunctionConfiguration", "EventBridgeConfiguration")) {
      if (!children(root, other).isEmpty()) {
        throw new RefusedConfiguration(
            501,
            "NotImplemented",
            "The embedded cloud delivers S3 notifications to SNS topics only, not " + other);
      }
    }
    List<TopicNotification> topics = new ArrayList<>();
    int unnamed = 0;
    for (Element topic : children(root, "TopicConfiguration")) {
      String arn = text(topic, "Topic").orElseThrow(RefusedConfiguration::malformed);
      List<String> events = new ArrayList<>();
      for (Element event : children(topic, "Event")) {
        String name = event.getTextContent().trim();
        if (!EVENTS.contains(name)) {
          throw new RefusedConfiguration(
              400, "InvalidArgument", "The event is not supported for notifications");
        }
        events.add(name);
      }
      if (events.isEmpty()) {
        throw RefusedConfiguration.malformed();
      }
      String prefix = "";
      String suffix = "";
      Optional<Element> key = child(topic, "Filter").flatMap(f -> child(f, "S3Key"));
      if (key.isPresent()) {
        for (Element rule : children(key.get(), "FilterRule")) {
          String name = text(rule, "Name").orElse("");
          String value = text(rule, "Value").orElse("");
          if (name.equalsIgnoreCase("prefix")) {
            prefix = value;
          } else if (name.equalsIgnoreCase("suffix")) {
            suffix = value;
          } else {
            throw new RefusedConfiguration(
                400, "InvalidArgument", "filter rule name must be either prefix or suffix");
          }
        }
      }
      if (!topicExists.test(arn)) {
        throw new RefusedConfiguration(
            400, "InvalidArgument", "Unable to validate the following destination configurations");
      }
      String id = text(topic, "Id").orElse("notification-" + ++unnamed);
      topics.add(new TopicNotification(id, arn, events, prefix, suffix));
    }
    for (int i = 0; i < topics.size(); i++) {
      for (int j = i + 1; j < topics.size(); j++) {
        if (overlap(topics.get(i), topics.get(j))) {
          throw new RefusedConfiguration(
              400,
              "InvalidArgument",
              "Configurations overlap. Configurations on the same bucket cannot share a common"
                  + " event type.");
        }
      }
    }
    return topics;
  }

  /** What GetBucketNotificationConfiguration answers for {@code topics}. */
  public static String toXml(List<TopicNotification> topics) {
    StringBuilder xml =
        new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><NotificationConfiguration xmlns=\"")
            .append(NAMESPACE)
            .append("\">");
    for (TopicNotification topic : topics) {
      xml.append("<TopicConfiguration>");
      element(xml, "Id", topic.id());
      element(xml, "Topic", topic.topicArn());
      topic.events().forEach(event -> element(xml, "Event", event));
      if (!topic.prefix().isEmpty() || !topic.suffix().isEmpty()) {
        xml.append("<Filter><S3Key>");
        if (!topic.prefix().isEmpty()) {
          xml.append("<FilterRule>");
          element(xml, "Name", "Prefix");
          element(xml, "Value", topic.prefix());
          xml.append("</FilterRule>");
        }
        if (!topic.suffix().isEmpty()) {
          xml.append("<FilterRule>");
          element(xml, "Name", "Suffix");
          element(xml, "Value", topic.suffix());
          xml.append("</FilterRule>");
        }
        xml.append("</S3Key></Filter>");
      }
      xml.append("</TopicConfiguration>");
    }
    return xml.append("</NotificationConfiguration>").toString();
  }

  /**
   * Two configurations overlap when they share an event type (a wildcard shares its family's) and a
   * key could match both filters: each prefix starts the other or one is empty, and likewise the
   * suffixes.
   */
  private static boolean overlap(TopicNotification a, TopicNotification b) {
    boolean sharedEvent =
        a.events().stream().anyMatch(x -> b.events().stream().anyMatch(y -> sameFamily(x, y)));
    boolean prefixes = a.prefix().startsWith(b.prefix()) || b.prefix().startsWith(a.prefix());
    boolean suffixes = a.suffix().endsWith(b.suffix()) || b.suffix().endsWith(a.suffix());
    return sharedEvent && prefixes && suffixes;
  }

  private static boolean sameFamily(String x, String y) {
    if (x.equals(y)) {
      return true;
    }
    String xFamily = x.endsWith(":*") ? x.substring(0, x.length() - 1) : null;
    String yFamily = y.endsWith(":*") ? y.substring(0, y.length() - 1) : null;
    return xFamily != null && y.startsWith(xFamily) || yFamily != null && x.startsWith(yFamily);
  }

  private static void element(StringBuilder xml, String name, String value) {
    xml.append('<')
        .append(name)
        .append('>')
        .append(S3Xml.escape(value))
        .append("</")
        .append(name)
        .append('>');
  }
}
