package io.s3clean.localcloud.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * AWS's prices for what the {@link UsageMeter} counts, per region, dated and sourced in the one
 * file they are kept in ({@value #RESOURCE}).
 */
public final class PriceTable {
  static final String RESOURCE = "/io/s3clean/localcloud/usage/prices.json";

  /** A price of a (service, unit), or of one item of it when {@code item} is set. */
  public record Price(
      String service, Optional<String> item, String unit, double price, double per) {
    /** Dollars for {@code quantity} units. */
    public double of(double quantity) {
      return quantity * price / per;
    }
  }

  /** One region's prices: per unit of usage, and per month for what is billed monthly. */
  public record Region(String name, List<Price> usage, Map<String, Double> monthly) {
    /** The price of a meter line's unit; empty for units AWS does not bill (API requests). */
    public Optional<Price> priceOf(String service, String item, String unit) {
      Optional<Price> exact =
          usage.stream()
              .filter(
                  p ->
                      p.service().equals(service)
                          && p.unit().equals(unit)
                          && p.item().filter(item::equals).isPresent())
              .findFirst();
      return exact.or(
          () ->
              usage.stream()
                  .filter(
                      p ->
                          p.service().equals(service)
                              && p.unit().equals(unit)
                              && p.item().isEmpty())
                  .findFirst());
    }

    public double monthly(String what) {
      Double price = monthly.get(what);
      if (price == null) {
        throw new IllegalStateException(
            "the price table has no monthly price of '" + what + "' for " + name);
      }
      return price;
    }
  }

  private final String date;
  private final Map<String, Region> regions;

  private PriceTable(String date, Map<String, Region> regions) {
    this.date = date;
    this.regions = regions;
  }

  /** The table this build ships. */
  public static PriceTable shipped() {
    try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the price table is not packaged at " + RESOURCE);
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PriceTable parse(JsonNode root) {
    Map<String, Region> regions = new TreeMap<>();
    root.path("regions")
        .fields()
        .forEachRemaining(
            region -> {
              List<Price> usage = new ArrayList<>();
              for (JsonNode price : region.getValue().path("usage")) {
                usage.add(
                    new Price(
                        price.path("service").asText(),
                        Optional.ofNullable(price.get("item")).map(JsonNode::asText),
                        price.path("unit").asText(),
                        price.path("price").asDouble(),
                        price.path("per").asDouble()));
              }
              Map<String, Double> monthly = new TreeMap<>();
              region
                  .getValue()
                  .path("monthly")
                  .fields()
                  .forEachRemaining(m -> monthly.put(m.getKey(), m.getValue().asDouble()));
              regions.put(
                  region.getKey(), new Region(region.getKey(), List.copyOf(usage), monthly));
            });
    return new PriceTable(root.path("date").asText(), regions);
  }

  public String date() {
    return date;
  }

  /**
   * @throws IllegalArgumentException naming the regions the table has, for one it has not
   */
  public Region region(String name) {
    Region region = regions.get(name);
    if (region == null) {
      throw new IllegalArgumentException(
          "the price table ("
              + date
              + ") has no prices for region '"
              + name
              + "'; it has "
              + String.join(", ", regions.keySet()));
    }
    return region;
  }
}
