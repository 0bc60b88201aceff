package io.s3clean.localcloud.provision;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.localcloud.lambda.HostedFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * CloudFormation's custom resources whose ServiceToken is a Lambda function ({@code
 * AWS::CloudFormation::CustomResource}, {@code Custom::*}), as the custom resource request and
 * response reference describes them: the cloud invokes the function asynchronously with a Create,
 * Update or Delete request whose ResponseURL is a pre-signed PUT of the cloud's S3, and waits, at
 * most the resource's ServiceTimeout (3,600 s unless set, on the cloud's clock), for the response
 * there. What the stack holds of each (its physical id, the properties it was last sent, its Data
 * for Fn::GetAtt) is kept in the data directory, so a restart sends nothing and an update sends
 * only what changed.
 */
public final class CustomResources {
  public static final String TYPE = "AWS::CloudFormation::CustomResource";

  /** CloudFormation's bucket for responses, one per region, as AWS names it. */
  public static final String RESPONSE_BUCKET_PREFIX = "cloudformation-custom-resource-response-";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The reference's limit on a response body. */
  private static final int MAX_RESPONSE = 4096;

  private static final Duration POLL = Duration.ofMillis(50);

  /** A custom resource the stack holds. */
  public record Provisioned(
      String logicalId,
      String resourceType,
      String physicalId,
      Map<String, Object> properties,
      Map<String, Object> data) {}

  private final URI endpoint;
  private final String responseKey;
  private final Optional<Path> file;
  private final Map<String, Provisioned> provisioned =
      Collections.synchronizedMap(new LinkedHashMap<>());

  /**
   * Resources an update replaced (a new physical id): their Delete waits for the update's cleanup.
   */
  private final List<Provisioned> replaced = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param endpoint where a ResponseURL points: the cloud's one endpoint
   * @param responseKey the access key a ResponseURL is signed with ({@link #responseAccessKey})
   * @param file where the stack's custom resources are kept; empty for a cloud in memory
   */
  public CustomResources(URI endpoint, String responseKey, Optional<Path> file) {
    this.endpoint = endpoint;
    this.responseKey = responseKey;
    this.file = file;
    file.filter(Files::isRegularFile).ifPresent(this::load);
  }

  /**
   * The access key the stack's ResponseURLs are signed with: CloudFormation's own, so the endpoint
   * takes a response as the stack's (it passes while a stack operation holds other calls) and sends
   * it to that stack's S3, which holds the response bucket, whatever other stacks the endpoint
   * serves.
   */
  public static String responseAccessKey(String stackName) {
    return "AKIACFN"
        + java.util.HexFormat.of().withUpperCase().formatHex(Types.sha256(stackName), 0, 8);
  }

  /**
   * The resource type for {@code name}: {@code AWS::CloudFormation::CustomResource} or any {@code
   * Custom::} name.
   */
  static ResourceType type(String name) {
    return new ResourceType() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<String> emulatedProperties() {
        return Set.of("ServiceToken", "ServiceTimeout");
      }

      @Override
      public boolean acceptsAnyProperty() {
        return true;
      }

      @Override
      public Created create(
          String logicalId, Map<String, Object> properties, Deployment deployment) {
        return deployment.customResources().provision(logicalId, name, properties, deployment);
      }
    };
  }

  static boolean isCustom(String type) {
    return type.equals(TYPE) || type.startsWith("Custom::");
  }

  /** The stack's custom resources, in the order they were created. */
  public List<Provisioned> provisioned() {
    synchronized (provisioned) {
      return List.copyOf(provisioned.values());
    }
  }

  Created provision(
      String logicalId, String resourceType, Map<String, Object> properties, Deployment d) {
    Provisioned prior = provisioned.get(logicalId);
    if (prior != null && prior.properties().equals(properties)) {
      return created(prior);
    }
    if (prior != null
        && !String.valueOf(prior.properties().get("ServiceToken"))
            .equals(String.valueOf(properties.get("ServiceToken")))) {
      throw new ProvisioningException("Modifying service token is not allowed.");
    }
    Map<String, Object> request =
        request(prior == null ? "Create" : "Update", logicalId, resourceType, properties, d);
    if (prior != null) {
      request.put("PhysicalResourceId", prior.physicalId());
      request.put("OldResourceProperties", asStrings(prior.properties()));
    }
    JsonNode response = send(logicalId, request, properties, d);
    String physicalId = response.path("PhysicalResourceId").asText("");
    if (physicalId.isEmpty()) {
      throw new ProvisioningException("Invalid PhysicalResourceId");
    }
    Map<String, Object> data =
        JSON.convertValue(
            response.path("Data").isObject() ? response.path("Data") : JSON.createObjectNode(),
            new TypeReference<Map<String, Object>>() {});
    Provisioned now =
        new Provisioned(
            logicalId,
            resourceType,
            physicalId,
            Collections.unmodifiableMap(new LinkedHashMap<>(properties)),
            data);
    provisioned.put(logicalId, now);
    save();
    if (prior != null && !prior.physicalId().equals(physicalId)) {
      // a new physical id replaces the resource: CloudFormation deletes the old one in the update's
      // cleanup
      replaced.add(prior);
    }
    return created(now);
  }

  /**
   * Sends Delete for each custom resource of the stack, the newest first, as a stack deletion does.
   *
   * @param deleted hears each resource as its deletion completes
   * @throws ProvisioningException naming the first that failed; the rest are kept
   */
  public void deleteAll(Deployment d, java.util.function.Consumer<Provisioned> deleted) {
    List<Provisioned> newestFirst = new ArrayList<>(provisioned());
    Collections.reverse(newestFirst);
    for (Provisioned resource : newestFirst) {
      delete(resource, d);
      provisioned.remove(resource.logicalId());
      save();
      deleted.accept(resource);
    }
  }

  /**
   * After an update: sends Delete for each custom resource the new template no longer has, as
   * CloudFormation's cleanup does; one that fails is reported and dropped.
   */
  void cleanUp(Set<String> logicalIds, Deployment d) {
    List<Provisioned> old = new ArrayList<>(replaced);
    replaced.clear();
    for (Provisioned resource : old) {
      try {
        delete(resource, d);
      } catch (RuntimeException e) {
        d.onError()
            .accept(
                "deleting the replaced custom resource "
                    + resource.logicalId()
                    + " ("
                    + resource.physicalId()
                    + ") in the update's cleanup",
                e);
      }
    }
    for (Provisioned resource : provisioned()) {
      if (!logicalIds.contains(resource.logicalId())) {
        try {
          delete(resource, d);
        } catch (RuntimeException e) {
          d.onError()
              .accept(
                  "deleting custom resource " + resource.logicalId() + " in the update's cleanup",
                  e);
        }
        provisioned.remove(resource.logicalId());
        save();
      }
    }
  }

  /**
   * Forgets every custom resource: the stack is gone, and a new stack of its name creates them
   * again.
   */
  public static void forget(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  /** Where a stack's custom resources are kept, beside its CloudFormation record. */
  public static Path fileBeside(Path stackRecord, String stackName) {
    return stackRecord.resolveSibling(stackName + "-custom-resources.json");
  }

  private void delete(Provisioned resource, Deployment d) {
    Map<String, Object> request =
        request("Delete", resource.logicalId(), resource.resourceType(), resource.properties(), d);
    request.put("PhysicalResourceId", resource.physicalId());
    send(resource.logicalId(), request, resource.properties(), d);
  }

  private static Map<String, Object> request(
      String requestType,
      String logicalId,
      String resourceType,
      Map<String, Object> properties,
      Deployment d) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("RequestType", requestType);
    request.put("ServiceToken", Types.string(properties, "ServiceToken", logicalId));
    request.put("StackId", d.stackId());
    request.put("RequestId", UUID.randomUUID().toString());
    request.put("ResourceType", resourceType);
    request.put("LogicalResourceId", logicalId);
    request.put("ResourceProperties", asStrings(properties));
    return request;
  }

  /**
   * Invokes the ServiceToken's function with the request (asynchronously, as CloudFormation does)
   * and waits for its response at the ResponseURL.
   *
   * @throws ProvisioningException in CloudFormation's words: a FAILED response, none in time, one
   *     that is not a response
   */
  private JsonNode send(
      String logicalId, Map<String, Object> request, Map<String, Object> properties, Deployment d) {
    String token = Types.string(properties, "ServiceToken", logicalId);
    if (token.startsWith("arn:aws:sns:")) {
      throw new ProvisioningException(
          logicalId
              + ": the embedded cloud sends custom resource requests to Lambda "
              + "functions, not to SNS topics ("
              + token
              + ")");
    }
    HostedFunction function;
    try {
      function = d.functions().function(token);
    } catch (IllegalArgumentException e) {
      throw new ProvisioningException(
          logicalId
              + ": ServiceToken "
              + token
              + " is no function of this cloud: "
              + e.getMessage(),
          e);
    }
    Duration timeout = Duration.ofSeconds(serviceTimeout(logicalId, properties));
    String bucket = RESPONSE_BUCKET_PREFIX + d.region().replace("-", "");
    String key =
        URLEncoder.encode(d.stackId(), StandardCharsets.UTF_8)
            + "|"
            + logicalId
            + "|"
            + request.get("RequestId");
    io.s3clean.localcloud.emulator.LocalClients.createBucketIfMissing(d.s3(), bucket);
    request.put("ResponseURL", responseUrl(bucket, key, timeout.plusHours(1), d.region()));
    byte[] payload;
    try {
      payload = JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread invocation =
        new Thread(() -> function.invokePayload(payload), "custom-resource-" + logicalId);
    invocation.setDaemon(true);
    invocation.start();
    long deadline = System.nanoTime() + d.scaled(timeout).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        byte[] body = d.s3().getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray();
        d.s3().deleteObject(delete -> delete.bucket(bucket).key(key));
        return response(body, request);
      } catch (NoSuchKeyException e) {
        sleep();
      } catch (ProvisioningException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ProvisioningException(
            logicalId
                + ": the embedded cloud stopped while it waited for the custom "
                + "resource's response: "
                + e.getMessage(),
            e);
      }
    }
    throw new ProvisioningException(
        "CloudFormation did not receive a response from your Custom Resource. Please "
            + "check your custom resource in region "
            + d.region()
            + " for more information. (RequestId: "
            + request.get("RequestId")
            + ")");
  }

  private static JsonNode response(byte[] body, Map<String, Object> request) {
    if (body.length > MAX_RESPONSE) {
      throw new ProvisioningException("Response object is too long.");
    }
    JsonNode response;
    try {
      response = JSON.readTree(body);
    } catch (IOException e) {
      throw new ProvisioningException(
          "Invalid response object: the response is not JSON: " + e.getMessage());
    }
    String status = response == null ? "" : response.path("Status").asText("");
    if (status.equals("FAILED")) {
      throw new ProvisioningException(
          "Received response status [FAILED] from custom resource. Message returned: "
              + response.path("Reason").asText("")
              + " (RequestId: "
              + request.get("RequestId")
              + ")");
    }
    if (!status.equals("SUCCESS")) {
      throw new ProvisioningException(
          "Invalid response object: Status must be SUCCESS or FAILED, not '" + status + "'");
    }
    return response;
  }

  /**
   * CloudFormation hands a provider every scalar property as a string: 5 as "5", true as "true".
   */
  private static Object asStrings(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> strings = new LinkedHashMap<>();
      map.forEach((k, v) -> strings.put(String.valueOf(k), asStrings(v)));
      return strings;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(CustomResources::asStrings).toList();
    }
    return value == null ? null : String.valueOf(value);
  }

  private static int serviceTimeout(String logicalId, Map<String, Object> properties) {
    Object value = properties.get("ServiceTimeout");
    if (value == null) {
      return 3600;
    }
    try {
      int seconds = Integer.parseInt(String.valueOf(value));
      if (seconds >= 1 && seconds <= 3600) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new ProvisioningException(
        logicalId + ": ServiceTimeout must be an integer from 1 to 3600, not " + value);
  }

  /**
   * A pre-signed PUT of the cloud's S3 through its endpoint, as CloudFormation hands out one of its
   * own bucket.
   */
  private String responseUrl(String bucket, String key, Duration validity, String region) {
    try (S3Presigner presigner =
        S3Presigner.builder()
            .endpointOverride(endpoint)
            .region(Region.of(region))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(responseKey, "local")))
            .build()) {
      return presigner
          .presignPutObject(
              put ->
                  put.signatureDuration(validity)
                      .putObjectRequest(object -> object.bucket(bucket).key(key)))
          .url()
          .toString();
    }
  }

  private static Created created(Provisioned resource) {
    return Created.emulated(resource.physicalId(), resource.physicalId(), resource.data());
  }

  private void load(Path path) {
    try {
      List<Provisioned> kept =
          JSON.readValue(path.toFile(), new TypeReference<List<Provisioned>>() {});
      kept.forEach(resource -> provisioned.put(resource.logicalId(), resource));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stack's custom resources from " + path, e);
    }
  }

  private void save() {
    if (file.isEmpty()) {
      return;
    }
    try {
      Path path = file.get();
      Files.createDirectories(path.getParent());
      Path partial = path.resolveSibling(path.getFileName() + ".partial");
      JSON.writeValue(partial.toFile(), provisioned());
      Files.move(
          partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the stack's custom resources in " + file.get(), e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisioningException(
          "the deployment was interrupted while it waited for a custom resource");
    }
  }
}
