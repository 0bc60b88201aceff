package io.s3clean.cli.command;

import io.s3clean.cli.CliException;
import io.s3clean.cli.ExitCodes;
import io.s3clean.cli.GlobalOptions;
import io.s3clean.cli.output.Results.Column;
import io.s3clean.localcloud.RunningCloud;
import io.s3clean.localcloud.endpoint.AwsEndpoint;
import io.s3clean.localcloud.usage.Usage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    description = {
      "What the running embedded cloud has served since it started or was last reset, in the units AWS",
      "bills: S3 requests by class, SQS requests per 64 KB, SNS publishes and deliveries, DynamoDB read and",
      "write units as consumed, Lambda invocations and GB-seconds from the REPORT lines, log bytes ingested,",
      "HTTP API requests; each charged to the stack (its functions and AWS's work for it) or to its clients.",
      "--output table, json or csv."
    })
public final class LocalUsageCommand extends BaseCommand {
  @Option(names = "--reset", description = "Start counting again from zero after printing.")
  boolean reset;

  @Override
  public Integer call() {
    if (global().target() != GlobalOptions.Target.local) {
      throw new CliException(
          ExitCodes.BAD_PARAMETER,
          "'local usage' reads the embedded cloud's meter; drop --target aws");
    }
    RunningCloud running =
        RunningCloud.find(global().dataDir().resolve(global().stackName()))
            .orElseThrow(
                () ->
                    new CliException(
                        ExitCodes.BAD_ENVIRONMENT,
                        "no embedded cloud is running for stack "
                            + global().stackName()
                            + "; its meter starts with it (s3clean local start --detach, or any command)"));
    Usage usage =
        Usage.fromJson(
            fetch(URI.create(running.endpoints().get("endpoint")).resolve(AwsEndpoint.USAGE_PATH)));
    List<Map<String, Object>> rows =
        usage.lines().stream()
            .map(
                line -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("service", line.service());
                  row.put("item", line.item());
                  row.put("unit", line.unit());
                  row.put("payer", line.payer().label());
                  row.put(
                      "quantity",
                      line.quantity() == Math.rint(line.quantity())
                          ? (Object) (long) line.quantity()
                          : (Object) line.quantity());
                  return row;
                })
            .toList();
    if (global().output() == GlobalOptions.Output.table) {
      progress("since " + usage.since() + " (the cloud's clock), " + rows.size() + " lines");
    }
    if (global().output() == GlobalOptions.Output.json) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("since", usage.since());
      document.put("until", usage.until());
      document.put("usage", rows);
      results().document(document);
    } else {
      results()
          .rows(
              List.of(
                  Column.text("service"),
                  Column.text("item"),
                  Column.text("unit"),
                  Column.text("payer"),
                  Column.number("quantity")),
              rows);
    }
    return ExitCodes.OK;
  }

  private String fetch(URI uri) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri)
                      .method(reset ? "DELETE" : "GET", HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new CliException(
            ExitCodes.SERVICE_ERROR,
            uri.getPath() + " answered " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.SERVICE_ERROR,
          "the embedded cloud at " + uri.getAuthority() + " did not answer: " + e.getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.INTERRUPTED, "interrupted");
    }
  }
}
