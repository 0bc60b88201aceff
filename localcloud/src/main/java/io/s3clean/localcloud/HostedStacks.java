package io.s3clean.localcloud;

import io.s3clean.localcloud.cfn.AccountCloudFormation;
import io.s3clean.localcloud.cfn.CloudFormationService;
import io.s3clean.localcloud.cfn.StackRecord;
import io.s3clean.localcloud.emulator.EmulatorConfig;
import io.s3clean.localcloud.emulator.Endpoints;
import io.s3clean.localcloud.emulator.LocalClients;
import io.s3clean.localcloud.endpoint.AwsEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The stacks of the account the embedded cloud hosts, on its one endpoint: the first, which the
 * cloud started with, and any that a CREATE change set makes ({@code aws cloudformation deploy
 * --stack-name other}), each with a cloud of its own whose data lives under {@code
 * <data>/stacks/<name>} and starts again with the cloud. CloudFormation is the account's and
 * answers for all of them; the other services go to the stack that holds what a request names.
 */
public final class HostedStacks implements AccountCloudFormation.Stacks {
  private final AwsEndpoint endpoint;
  private final LocalCloud.Options firstOptions;
  private final Map<String, HostedStack> stacks =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final AccountCloudFormation cloudFormation = new AccountCloudFormation(this);

  /**
   * The account's S3 through the endpoint, as the cloud's own caller: where a TemplateURL's object
   * is read.
   */
  private final S3Client s3;

  private HostedStack first;

  /** Set as the account closes: no stack is created from then on. */
  private boolean closed;

  HostedStacks(AwsEndpoint endpoint, LocalCloud.Options firstOptions) {
    this.endpoint = endpoint;
    this.firstOptions = firstOptions;
    String region = firstOptions.emulators().region();
    endpoint.routeBy(new StackRouting(region, firstOptions.emulators().accountId()));
    this.s3 =
        LocalClients.of(
                Endpoints.at(endpoint.endpoint(), region), LocalClients.Transport.URL_CONNECTION)
            .asCloudCaller()
            .s3();
  }

  /** The stack the cloud starts with, whose closing closes the account. */
  HostedStack first(StackRecord record, LocalCloud.Options options) {
    first = new HostedStack(this, endpoint, record, options);
    stacks.put(record.name(), first);
    endpoint.serveUnpaused("cloudformation", cloudFormation);
    return first;
  }

  HostedStack first() {
    return first;
  }

  /** The stack of this name, if the account has one (deleted ones included). */
  public Optional<HostedStack> stack(String name) {
    return Optional.ofNullable(stacks.get(name));
  }

  /** The account's stacks, the first created first. */
  public List<HostedStack> stacks() {
    synchronized (stacks) {
      return List.copyOf(stacks.values());
    }
  }

  /** Where another stack keeps its data: in memory when the first stack does. */
  private EmulatorConfig emulatorsOf(String name) {
    EmulatorConfig base = firstOptions.emulators();
    return base.dataDir()
        .map(dir -> base.withDataDir(dir.resolve("stacks").resolve(name)))
        .orElse(base)
        .withPorts(0, 0, 0);
  }

  /**
   * Starts again, in the order they were created (one may run code another's bucket holds), each
   * other stack the data directory keeps: a running one with the template and values it last
   * deployed; one that stopped in the middle of an operation settles as CloudFormation would end it
   * (a creation rolled back, a deletion failed); one that does not run (ROLLBACK_COMPLETE,
   * REVIEW_IN_PROGRESS) is listed without a cloud, and one deleted is forgotten. A stack that
   * cannot start is reported and stays without a cloud.
   */
  void restartOthers() {
    Optional<Path> dir = firstOptions.emulators().dataDir().map(data -> data.resolve("stacks"));
    if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
      return;
    }
    List<Path> kept;
    try (Stream<Path> listed = Files.list(dir.get())) {
      kept = listed.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the account's other stacks in " + dir.get(), e);
    }
    List<HostedStack> restarted = new ArrayList<>();
    for (Path stackDir : kept) {
      String name = stackDir.getFileName().toString();
      LocalCloud.Options options = firstOptions.forStack(name, emulatorsOf(name));
      Optional<Path> file = LocalCloud.recordFile(options);
      Optional<StackRecord.Kept> written = file.flatMap(f -> StackRecord.written(f, name));
      if (written.isEmpty() || stacks.containsKey(name)) {
        continue;
      }
      try {
        StackRecord.Deployed deployed = written.get().parsed(name);
        LocalCloud.Options restart =
            options.with(deployed.template(), deployed.parameters()).asRestart();
        StackRecord record =
            new StackRecord(
                restart.emulators().region(),
                restart.emulators().accountId(),
                name,
                deployed,
                file,
                true);
        if (!record.status().equals("DELETE_COMPLETE")) {
          settleInterrupted(record);
          restarted.add(new HostedStack(this, endpoint, record, restart));
        }
      } catch (RuntimeException e) {
        firstOptions.onError().accept("restarting stack " + name, e);
      }
    }
    restarted.sort(java.util.Comparator.comparing(hosted -> hosted.record().created()));
    for (HostedStack hosted : restarted) {
      StackRecord record = hosted.record();
      stacks.putIfAbsent(record.name(), hosted);
      if (record.runs()) {
        try {
          hosted.run(
              LocalCloud.onEndpoint(
                  hosted.options(),
                  endpoint,
                  hosted.tenant(),
                  record,
                  record.recording(hosted.options().events())),
              record.current());
        } catch (RuntimeException e) {
          firstOptions.onError().accept("restarting stack " + record.name(), e);
        }
      }
    }
  }

  /**
   * A stack whose creation or deletion the cloud's stop cut short ends as CloudFormation ends one
   * that fails: a creation rolled back, a deletion failed (DeleteStack may be asked again).
   */
  private void settleInterrupted(StackRecord record) {
    String settled =
        switch (record.status()) {
          case "CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS" -> "ROLLBACK_COMPLETE";
          case "DELETE_IN_PROGRESS" -> "DELETE_FAILED";
          default -> null;
        };
    if (settled != null) {
      record.record(
          new io.s3clean.localcloud.provision.StackEvent(
              java.time.Instant.now(),
              record.name(),
              StackRecord.STACK_TYPE,
              settled,
              "The embedded cloud stopped during the operation"));
    }
  }

  @Override
  public Optional<CloudFormationService> named(String name) {
    return stack(name).map(HostedStack::cloudFormation);
  }

  @Override
  public CloudFormationService create(String name) {
    if (firstOptions.emulators().dataDir().isEmpty()) {
      throw new UnsupportedOperationException(
          "this embedded cloud keeps its data in memory and runs stack "
              + first.record().name()
              + " only; start it with a data directory to create stack "
              + name);
    }
    LocalCloud.Options options = firstOptions.forStack(name, emulatorsOf(name));
    StackRecord record =
        new StackRecord(
            options.emulators().region(),
            options.emulators().accountId(),
            name,
            StackRecord.Deployed.of(options.template(), Map.of()),
            LocalCloud.recordFile(options),
            false);
    HostedStack hosted = new HostedStack(this, endpoint, record, options);
    synchronized (stacks) {
      HostedStack there = closed ? null : stacks.putIfAbsent(name, hosted);
      if (closed || there != null) {
        hosted.closeStack();
        if (closed) {
          throw new UnsupportedOperationException(
              "the embedded cloud is stopping and creates no stack");
        }
        return there.cloudFormation();
      }
    }
    return hosted.cloudFormation();
  }

  @Override
  public void discard(String name) {
    HostedStack hosted;
    synchronized (stacks) {
      hosted = stacks.get(name);
      if (hosted == null || hosted == first || hosted.record().exists()) {
        return;
      }
      stacks.remove(name);
    }
    hosted.closeStack();
  }

  @Override
  public List<CloudFormationService> all() {
    return stacks().stream().map(HostedStack::cloudFormation).toList();
  }

  /** The text of an object of the account's S3, which a TemplateURL names. */
  String templateObject(String bucket, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
  }

  /** Closes every stack, the others first, then the endpoint. */
  void close() {
    endpoint.unserve("cloudformation", cloudFormation);
    synchronized (stacks) {
      closed = true;
    }
    List<HostedStack> others = new ArrayList<>(stacks());
    others.remove(first);
    Collections.reverse(others);
    others.forEach(HostedStack::closeStack);
    if (first != null) {
      first.closeStack();
    }
    s3.close();
    endpoint.close();
  }
}
