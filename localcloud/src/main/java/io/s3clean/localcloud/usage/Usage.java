package io.s3clean.localcloud.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of the {@link UsageMeter}: each line a quantity of one unit of one service's item, and
 * who it is charged to; over the cloud-time period from {@code since} to {@code until}.
 */
public record Usage(Instant since, Instant until, List<Line> lines) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Usage {
    lines = List.copyOf(lines);
  }

  public record Line(
      String service, String item, String unit, UsageMeter.Payer payer, double quantity) {}

  /** The total of one unit of one service's item, for one payer. */
  public double quantity(String service, String item, String unit, UsageMeter.Payer payer) {
    return lines.stream()
        .filter(
            line ->
                line.service().equals(service)
                    && line.item().equals(item)
                    && line.unit().equals(unit)
                    && line.payer() == payer)
        .mapToDouble(Line::quantity)
        .sum();
  }

  /** The total of one unit of a service over all its items, for one payer. */
  public double quantity(String service, String unit, UsageMeter.Payer payer) {
    return lines.stream()
        .filter(
            line ->
                line.service().equals(service) && line.unit().equals(unit) && line.payer() == payer)
        .mapToDouble(Line::quantity)
        .sum();
  }

  /** How many S3 events the period saw: what per-event usage divides by. */
  public double s3Events() {
    return quantity("s3", UsageMeter.S3_EVENTS, UsageMeter.EVENTS, UsageMeter.Payer.STACK);
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("since", since.toString());
    root.put("until", until.toString());
    ArrayNode array = root.putArray("usage");
    for (Line line : lines) {
      ObjectNode node = array.addObject();
      node.put("service", line.service());
      node.put("item", line.item());
      node.put("unit", line.unit());
      node.put("payer", line.payer().label());
      node.put("quantity", line.quantity());
    }
    return root.toString();
  }

  /** Reads what {@link #toJson} wrote. */
  public static Usage fromJson(String text) {
    try {
      JsonNode root = JSON.readTree(text);
      List<Line> lines = new ArrayList<>();
      for (JsonNode node : root.path("usage")) {
        lines.add(
            new Line(
                node.path("service").asText(),
                node.path("item").asText(),
                node.path("unit").asText(),
                UsageMeter.Payer.valueOf(
                    node.path("payer").asText().toUpperCase(java.util.Locale.ROOT)),
                node.path("quantity").asDouble()));
      }
      return new Usage(
          Instant.parse(root.path("since").asText()),
          Instant.parse(root.path("until").asText()),
          lines);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a usage document: " + e.getMessage(), e);
    }
  }
}
