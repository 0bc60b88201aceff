package io.s3clean.cli.command;

import static io.s3clean.cli.testing.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.testing.CliRun;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * `s3clean cost`: a metered run on an embedded cloud of its own, priced; bad input in one line,
 * exit 252.
 */
class CostCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSmallMeteredRunIsPricedLineByLineWithTheIdleCostApart() throws Exception {
    CliRun cost = run("--output", "json", "cost", "--events", "30", "--events-per-day", "100000");

    assertThat(cost.exitCode()).as(cost.err()).isZero();
    JsonNode estimate = JSON.readTree(cost.out());
    assertThat(estimate.path("region").asText()).isEqualTo("us-east-1");
    assertThat(estimate.path("metered_events").asLong()).isEqualTo(30);
    assertThat(estimate.path("dollars_per_million_events").asDouble()).isPositive();
    assertThat(estimate.path("fixed_dollars_per_month").asDouble()).isPositive();
    List<String> sections = new ArrayList<>();
    List<String> services = new ArrayList<>();
    estimate
        .path("line_items")
        .forEach(
            line -> {
              sections.add(line.path("section").asText());
              services.add(line.path("section").asText() + " " + line.path("service").asText());
            });
    assertThat(sections).containsOnly("per-event", "stored", "monthly", "workload");
    assertThat(services)
        .contains(
            "per-event dynamodb",
            "per-event lambda",
            "per-event sqs",
            "per-event sns",
            "per-event logs",
            "stored logs",
            "monthly sqs",
            "monthly monitoring",
            "workload s3");
    // the per-event lines add up to the figure
    double sum = 0;
    for (JsonNode line : estimate.path("line_items")) {
      if (line.path("section").asText().equals("per-event")) {
        sum += line.path("usd_per_million_events").asDouble();
      }
    }
    assertThat(sum)
        .isCloseTo(
            estimate.path("dollars_per_million_events").asDouble(),
            org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void aNegativeRateAnUnknownRegionAndASettingTheTemplateRefusesFailInOneLineWithExit252() {
    CliRun negative = run("cost", "--events-per-day", "-1");
    CliRun region = run("--region", "eu-north-9", "cost");
    CliRun rule = run("cost", "--batch-size", "100", "--batching-window", "0");
    CliRun value = run("cost", "--alarm-resolution", "medium");
    CliRun tooSlow = run("cost", "--events-per-day", "10");
    CliRun huge = run("cost", "--events-per-day", "1e300");

    assertThat(negative.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(negative.err().strip())
        .isEqualTo("s3clean: --events-per-day must be a number above 0 and at most 1e12, not -1");
    assertThat(huge.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(tooSlow.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(tooSlow.err().strip())
        .contains("raise --time-scale or lower --events")
        .doesNotContain("\n");
    assertThat(region.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(region.err().strip())
        .contains("no prices for region 'eu-north-9'; it has us-east-1")
        .doesNotContain("\n");
    assertThat(rule.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(rule.err().strip())
        .contains("BatchSize above 10 needs MaximumBatchingWindowInSeconds")
        .doesNotContain("\n");
    assertThat(value.exitCode()).isEqualTo(ExitCodes.BAD_PARAMETER);
    assertThat(value.err().strip()).contains("--alarm-resolution").doesNotContain("\n");
    // nothing was started for them
    for (CliRun refused : List.of(negative, region, rule, value, tooSlow, huge)) {
      assertThat(refused.out()).isEmpty();
      assertThat(refused.err()).doesNotContain("metering");
    }
  }
}
