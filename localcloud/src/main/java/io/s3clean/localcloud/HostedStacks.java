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
 * --stack-name other}), each with a cloud of its own whose data lives under
 * {@code <data>/stacks/<name>} and starts again with the cloud. CloudFormation is the account's and
 * answers for all of them; the other services go to the stack that holds what a request names.
 */
public final class HostedStacks implements AccountCloudFormation.Stacks {
  private final AwsEndpoint endpoint;
  private final LocalCloud.Options firstOptions;
  private final Map<String, HostedStack> stacks = Collections.synchronizedMap(new LinkedHashMap<>());
  private final AccountCloudFormation cloudFormation = new AccountCloudFormation(this);
  /** The account's S3 through the endpoint, as the cloud's own caller: where a TemplateURL's object is read. */
  private final S3Client s3;
  private HostedStack first;

  HostedStacks(AwsEndpoint endpoint, LocalCloud.Options firstOptions) {
    this.endpoint = endpoint;
    this.firstOptions = firstOptions;
    String region = firstOptions.emulators().region();
    endpoint.routeBy(new StackRouting(region, firstOptions.emulators().accountId()));
    endpoint.serveUnpaused("cloudformation", cloudFormation);
    this.s3 = LocalClients.of(Endpoints.at(endpoint.endpoint(), region), LocalClients.Transport.URL_CONNECTION)
        .asCloudCaller().s3();
  }

  /** The stack the cloud starts with, whose closing closes the account. */
  HostedStack first(StackRecord record, LocalCloud.Options options) {
    first = new HostedStack(this, endpoint, record, options);
    stacks.put(record.name(), first);
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
    return base.dataDir().map(dir -> base.withDataDir(dir.resolve("stacks").resolve(name))).orElse(base)
        .withPorts(0, 0, 0);
  }

  /**
   * Starts again each other stack the data directory keeps and that was running, with the template
   * and values it last deployed; one that cannot start is reported and stays without a cloud.
   */
  void restartOthers() {
    Optional<Path> dir = firstOptions.emulators().dataDir().map(data -> data.resolve("stacks"));
    if (dir.isEmpty() || !Files.isDirectory(dir.get())) {
      return;
    }
    List<Path> kept;
    try (Stream<Path> listed = Files.list(dir.get())) {
      kept = listed.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the account's other stacks in " + dir.get(), e);
    }
    for (Path stackDir : kept) {
      String name = stackDir.getFileName().toString();
      LocalCloud.Options options = firstOptions.forStack(name, emulatorsOf(name));
      Optional<StackRecord.Kept> last = LocalCloud.recordFile(options).flatMap(file -> StackRecord.kept(file, name));
      if (last.isEmpty()) {
        continue; // deleted, or never created: nothing of it runs
      }
      try {
        StackRecord.Deployed deployed = last.get().parsed(name);
        LocalCloud.Options restart = options.with(deployed.template(), deployed.parameters()).asRestart();
        StackRecord record = new StackRecord(restart.emulators().region(), restart.emulators().accountId(), name,
            deployed, LocalCloud.recordFile(restart), true);
        HostedStack hosted = new HostedStack(this, endpoint, record, restart);
        stacks.put(name, hosted);
        hosted.run(LocalCloud.onEndpoint(restart, endpoint, hosted.tenant(), record, record.recording(
            restart.events())), deployed);
      } catch (RuntimeException e) {
        firstOptions.onError().accept("restarting stack " + name, e);
      }
    }
  }

  @Override
  public Optional<CloudFormationService> named(String name) {
    return stack(name).map(HostedStack::cloudFormation);
  }

  @Override
  public CloudFormationService create(String name) {
    LocalCloud.Options options = firstOptions.forStack(name, emulatorsOf(name));
    StackRecord record = new StackRecord(options.emulators().region(), options.emulators().accountId(), name,
        StackRecord.Deployed.of(options.template(), Map.of()), LocalCloud.recordFile(options), false);
    HostedStack hosted = new HostedStack(this, endpoint, record, options);
    synchronized (stacks) {
      HostedStack there = stacks.putIfAbsent(name, hosted);
      if (there != null) {
        hosted.closeStack();
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
