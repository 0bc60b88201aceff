package io.s3clean.engines.lifecycle;

import static io.s3clean.engines.xml.S3Xml.child;
import static io.s3clean.engines.xml.S3Xml.children;
import static io.s3clean.engines.xml.S3Xml.text;

import io.s3clean.engines.xml.RefusedConfiguration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * A bucket's lifecycle configuration as PutBucketLifecycleConfiguration takes it (the XML of
 * botocore's {@code BucketLifecycleConfiguration}), checked as S3 checks it, and its rules.
 *
 * @param xml the document as given, which GetBucketLifecycleConfiguration answers
 */
public record LifecycleConfiguration(String xml, List<LifecycleRule> rules) {
  private static final int MAX_RULES = 1000;

  public static LifecycleConfiguration parse(String xml) {
    Element root = RefusedConfiguration.parse(xml).getDocumentElement();
    if (!root.getLocalName().equals("LifecycleConfiguration")) {
      throw RefusedConfiguration.malformed();
    }
    List<Element> ruleElements = children(root, "Rule");
    if (ruleElements.isEmpty() || ruleElements.size() > MAX_RULES) {
      throw RefusedConfiguration.malformed();
    }
    List<LifecycleRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Element rule : ruleElements) {
      LifecycleRule parsed = rule(rule);
      if (!parsed.id().isEmpty() && !ids.add(parsed.id())) {
        throw new RefusedConfiguration(
            400, "InvalidArgument", "Rule ID must be unique. Found same ID for more than one rule");
      }
      rules.add(parsed);
    }
    return new LifecycleConfiguration(xml, List.copyOf(rules));
  }

  private static LifecycleRule rule(Element rule) {
    String id = text(rule, "ID").orElse("");
    if (id.length() > 255) {
      throw new RefusedConfiguration(
          400, "InvalidArgument", "ID length should not exceed allowed limit of 255");
    }
    String status = text(rule, "Status").orElseThrow(RefusedConfiguration::malformed);
    if (!status.equals("Enabled") && !status.equals("Disabled")) {
      throw RefusedConfiguration.malformed();
    }
    String prefix = text(rule, "Prefix").orElse("");
    OptionalLong greater = OptionalLong.empty();
    OptionalLong less = OptionalLong.empty();
    Optional<Element> filter = child(rule, "Filter");
    if (filter.isPresent()) {
      Element selection = child(filter.get(), "And").orElse(filter.get());
      if (child(selection, "Tag").isPresent()) {
        throw new RefusedConfiguration(
            501, "NotImplemented", "The embedded cloud's lifecycle rules do not filter by tag");
      }
      prefix = text(selection, "Prefix").orElse(prefix);
      greater = number(selection, "ObjectSizeGreaterThan");
      less = number(selection, "ObjectSizeLessThan");
    }
    OptionalInt days = OptionalInt.empty();
    Optional<Instant> date = Optional.empty();
    boolean expiredMarkers = false;
    Optional<Element> expiration = child(rule, "Expiration");
    if (expiration.isPresent()) {
      days = positive(expiration.get(), "Days");
      date = text(expiration.get(), "Date").map(LifecycleConfiguration::midnight);
      Optional<String> markers = text(expiration.get(), "ExpiredObjectDeleteMarker");
      expiredMarkers = markers.map(Boolean::parseBoolean).orElse(false);
      if (markers.isPresent() && (days.isPresent() || date.isPresent())) {
        throw RefusedConfiguration.malformed();
      }
      if (days.isPresent() && date.isPresent()
          || markers.isEmpty() && days.isEmpty() && date.isEmpty()) {
        throw RefusedConfiguration.malformed();
      }
    }
    OptionalInt noncurrentDays = OptionalInt.empty();
    OptionalInt newer = OptionalInt.empty();
    Optional<Element> noncurrent = child(rule, "NoncurrentVersionExpiration");
    if (noncurrent.isPresent()) {
      noncurrentDays = positive(noncurrent.get(), "NoncurrentDays");
      newer = positive(noncurrent.get(), "NewerNoncurrentVersions");
      if (noncurrentDays.isEmpty()) {
        throw RefusedConfiguration.malformed();
      }
      if (newer.isPresent() && newer.getAsInt() > 100) {
        throw new RefusedConfiguration(
            400, "InvalidArgument", "NewerNoncurrentVersions must be between 1 and 100");
      }
    }
    boolean anyAction =
        expiration.isPresent()
            || noncurrent.isPresent()
            || child(rule, "AbortIncompleteMultipartUpload").isPresent()
            || child(rule, "Transition").isPresent()
            || child(rule, "NoncurrentVersionTransition").isPresent();
    if (!anyAction) {
      throw new RefusedConfiguration(
          400, "InvalidRequest", "At least one action needs to be specified in a rule");
    }
    return new LifecycleRule(
        id,
        status.equals("Enabled"),
        prefix,
        greater,
        less,
        days,
        date,
        expiredMarkers,
        noncurrentDays,
        newer);
  }

  private static Instant midnight(String text) {
    Instant date;
    try {
      date =
          text.length() == 10
              ? Instant.parse(text + "T00:00:00Z")
              : text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")
                  ? java.time.OffsetDateTime.parse(text).toInstant()
                  // ISO 8601 without an offset, as CloudFormation templates often write it: UTC
                  : java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw RefusedConfiguration.malformed();
    }
    if (!date.truncatedTo(ChronoUnit.DAYS).equals(date)) {
      throw new RefusedConfiguration(400, "InvalidArgument", "'Date' must be at midnight GMT");
    }
    return date;
  }

  private static OptionalInt positive(Element parent, String name) {
    Optional<String> value = text(parent, name);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int number = Integer.parseInt(value.get());
      if (number <= 0) {
        throw new RefusedConfiguration(
            400,
            "InvalidArgument",
            "'" + name + "' for " + parent.getLocalName() + " action must be a positive integer");
      }
      return OptionalInt.of(number);
    } catch (NumberFormatException e) {
      throw RefusedConfiguration.malformed();
    }
  }

  private static OptionalLong number(Element parent, String name) {
    Optional<String> value = text(parent, name);
    try {
      return value.map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
    } catch (NumberFormatException e) {
      throw RefusedConfiguration.malformed();
    }
  }
}
