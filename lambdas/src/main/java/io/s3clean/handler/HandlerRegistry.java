package io.s3clean.handler;

import io.s3clean.config.Environment;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Every handler of this jar, by the name a function's {@code Handler} property gives it, with how
 * it is built from the function's environment and the clients of the cloud it runs in.
 *
 * <p>Lambda calls a handler's no-argument constructor. A host that runs functions in its own JVM
 * (the embedded cloud) builds them here instead, with its own clients and clock, so a changed
 * constructor or Config breaks the build rather than a deployment.
 */
public final class HandlerRegistry {
  /** The method every s3clean handler serves, the part of a Handler name after {@code ::}. */
  private static final String METHOD = "handleRequest";

  private static final HandlerRegistry STANDARD =
      new HandlerRegistry(Map.of())
          .with(
              SizeTrackingHandler.class,
              (env, clients) ->
                  new SizeTrackingHandler(
                      SizeTrackingHandler.Config.from(env),
                      clients.dynamoDb(),
                      clients.cloudWatch(),
                      clients.clock()))
          .with(
              EventLoggingHandler.class,
              (env, clients) ->
                  new EventLoggingHandler(EventLoggingHandler.Config.from(env), clients.dynamoDb()))
          .with(
              CleanerHandler.class,
              (env, clients) ->
                  new CleanerHandler(
                      CleanerHandler.Config.from(env),
                      clients.dynamoDb(),
                      clients.s3(),
                      clients.sns(),
                      clients.cloudWatch()))
          .with(
              PlottingHandler.class,
              (env, clients) ->
                  new PlottingHandler(
                      PlottingHandler.Config.from(env), clients.dynamoDb(), clients.s3()))
          .with(
              BucketAdoptionHandler.class,
              (env, clients) -> new BucketAdoptionHandler(clients.s3()));

  private final Map<String, Factory> factories;

  private HandlerRegistry(Map<String, Factory> factories) {
    this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
  }

  /** The five handlers the template deploys. */
  public static HandlerRegistry standard() {
    return STANDARD;
  }

  /** The Handler property that names {@code type}'s {@code handleRequest}. */
  public static String nameOf(Class<?> type) {
    return type.getName() + "::" + METHOD;
  }

  /**
   * This registry and {@code type}, built by {@code factory}: for a host that deploys a handler of
   * its own (a benchmark's baseline, a test's).
   */
  public HandlerRegistry with(Class<?> type, Factory factory) {
    Map<String, Factory> more = new LinkedHashMap<>(factories);
    if (more.putIfAbsent(nameOf(type), factory) != null) {
      throw new IllegalArgumentException(nameOf(type) + " is registered already");
    }
    return new HandlerRegistry(more);
  }

  /**
   * @param handler a function's Handler property, {@code package.Class::method}
   */
  public Optional<Factory> factory(String handler) {
    return Optional.ofNullable(factories.get(handler));
  }

  /** Every registered Handler name, in registration order. */
  public Set<String> handlers() {
    return factories.keySet();
  }

  /** Builds one handler; a {@code ConfigurationException} says which variable is wrong. */
  @FunctionalInterface
  public interface Factory {
    Object create(Environment environment, Clients clients);
  }

  /**
   * What handlers are built with besides their environment, each asked for only by the handlers
   * that use it.
   */
  public interface Clients {
    DynamoDbClient dynamoDb();

    S3Client s3();

    SnsClient sns();

    CloudWatchClient cloudWatch();

    /** The time handlers stamp their datapoints with: the host's, as Lambda's is AWS's. */
    Clock clock();
  }
}
