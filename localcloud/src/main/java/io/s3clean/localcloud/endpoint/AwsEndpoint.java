package io.s3clean.localcloud.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.s3clean.dynamodb.server.HttpServers;
import io.s3clean.localcloud.query.QueryProtocol;
import io.s3clean.localcloud.usage.EndpointMetering;
import io.s3clean.localcloud.usage.UsageMeter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embedded cloud's one AWS endpoint on loopback: every request goes to the service its SigV4
 * credential scope names, as AWS's front ends route by host; so one {@code AWS_ENDPOINT_URL} serves
 * the AWS CLI, the SDKs and the functions alike. Each answer carries the cloud's time, which runs
 * scaled, in {@value #CLOCK_HEADER} (ISO-8601) and how many cloud seconds pass per wall-clock
 * second in {@value #SCALE_HEADER}, so a client can follow the simulated clock: the {@code Date}
 * header is the JDK server's own, the wall clock's. Several stacks share it, each a {@link Tenant}
 * with its own services, as one account's stacks share AWS's endpoints: a request reaches the stack
 * that holds what it names.
 */
public final class AwsEndpoint implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(AwsEndpoint.class.getName());

  /** The response header with the cloud's time. */
  public static final String CLOCK_HEADER = "x-s3clean-clock";

  /** The response header with the clock's scale. */
  public static final String SCALE_HEADER = "x-s3clean-clock-scale";

  /**
   * Marks a call the cloud's own functions make: it is not held while the services are paused, as
   * closing the cloud waits for the invocation that makes it.
   */
  public static final String CLOUD_CALLER_HEADER = "x-s3clean-cloud-caller";

  /**
   * The cloud's own resource, no AWS API's: GET answers the {@link UsageMeter}'s snapshot as JSON,
   * DELETE answers it and starts counting again. Unsigned, as it is no AWS service's.
   */
  public static final String USAGE_PATH = "/_s3clean/usage";

  /** Set by HttpServer itself from the body it is given. */
  private static final Set<String> COMPUTED_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "date");

  private final HttpServer server;
  private final ExecutorService threads;

  /**
   * Services of the account rather than of one stack (CloudFormation), which every stack's request
   * may reach.
   */
  private final Map<String, ServiceHandler> services = new ConcurrentHashMap<>();

  /** Services that answer while the others are paused: a stack update is followed through them. */
  private final Set<String> unpaused = ConcurrentHashMap.newKeySet();

  /**
   * Held shared by each request to a pausable service, exclusively while the services are replaced.
   */
  private final ReadWriteLock pause = new ReentrantReadWriteLock(true);

  private final Clock clock;
  private final String scale;

  /**
   * Outlives the services behind it, as a stack update replaces them: usage counts across updates.
   */
  private final UsageMeter meter;

  private final EndpointMetering metering;
  private volatile long lastRequestNanos = System.nanoTime();

  /** The stacks whose services the endpoint serves, the first created first. */
  private final List<Tenant> tenants = new CopyOnWriteArrayList<>();

  /** The names of the resources a request names, by which it finds the stack that holds them. */
  private volatile ResourceNames resourceNames = (service, request) -> List.of();

  /**
   * Decides whether a request reaches its service, and answers for the service when it does not.
   */
  @FunctionalInterface
  public interface Authorizer {
    Authorizer ALLOW_ALL = (service, request, handler) -> handler.handle(request);

    /** Answers {@code request}: {@code handler}'s answer, or its refusal. */
    AwsResponse around(String service, AwsRequest request, ServiceHandler handler);
  }

  /**
   * What a request names: buckets, tables, queues, topics, functions, alarms, log groups ... by
   * name.
   */
  @FunctionalInterface
  public interface ResourceNames {
    List<String> of(String service, AwsRequest request);
  }

  /** A stack's services at this endpoint, after those of the stacks there already. */
  public Tenant tenant(String stackName) {
    Tenant tenant = new Tenant(stackName);
    tenants.add(tenant);
    return tenant;
  }

  /** The stack's services are no longer served. */
  public void remove(Tenant tenant) {
    tenants.remove(tenant);
  }

  /**
   * From now on, a request that several stacks' services could serve goes to the one holding what
   * {@code names} reads off it.
   */
  public void routeBy(ResourceNames names) {
    this.resourceNames = names;
  }

  /**
   * @param port 0 for any free port
   * @param clock the cloud's clock, for {@value #CLOCK_HEADER}
   * @param scale cloud seconds per wall-clock second, for {@value #SCALE_HEADER}
   */
  public AwsEndpoint(int port, Clock clock, double scale) throws IOException {
    this.clock = clock;
    this.scale = Double.toString(scale);
    this.meter = new UsageMeter(clock);
    this.metering = new EndpointMetering(meter);
    this.server =
        HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    AtomicInteger count = new AtomicInteger();
    // a thread per request in flight: requests held while the services are paused must not keep
    // CloudFormation, which follows the update, from answering
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "aws-endpoint-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(threads);
    server.createContext("/", this::exchange);
    server.start();
  }

  /**
   * Routes requests signed for {@code signingName} (e.g. {@code monitoring} for CloudWatch) to
   * {@code handler}, whatever stack they concern: a service of the account, before any stack's.
   */
  public AwsEndpoint serve(String signingName, ServiceHandler handler) {
    services.put(signingName, handler);
    return this;
  }

  /**
   * Like {@link #serve}, for a service that keeps answering while the others are {@link #paused}.
   */
  public AwsEndpoint serveUnpaused(String signingName, ServiceHandler handler) {
    unpaused.add(signingName);
    return serve(signingName, handler);
  }

  /** Stops routing to {@code handler}, if it still serves {@code signingName}. */
  public void unserve(String signingName, ServiceHandler handler) {
    services.remove(signingName, handler);
  }

  /**
   * Holds every request to a pausable service until the returned handle is closed, once those in
   * flight have finished: what runs meanwhile can replace the services without a request meeting
   * half of them, as a stack update on AWS never leaves a service unreachable.
   */
  public Resumption paused() {
    pause.writeLock().lock();
    return pause.writeLock()::unlock;
  }

  /** Ends a {@link #paused} period. */
  @FunctionalInterface
  public interface Resumption extends AutoCloseable {
    @Override
    void close();
  }

  /** What the cloud has served, in the units AWS bills. */
  public UsageMeter meter() {
    return meter;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Wall-clock time since the last request, or since the endpoint started: how long it has been
   * idle.
   */
  public java.time.Duration idle() {
    return java.time.Duration.ofNanos(System.nanoTime() - lastRequestNanos);
  }

  private void exchange(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getRawPath().equals(USAGE_PATH)) {
      // reading the meter is no use of the cloud: it does not keep an idle cloud from stopping
      lastRequestNanos = System.nanoTime();
    }
    try (exchange) {
      AwsRequest request =
          new AwsRequest(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders(),
              exchange.getRequestBody().readAllBytes());
      AwsResponse response = route(request);
      response
          .headers()
          .forEach(
              (name, values) -> {
                if (!COMPUTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      exchange.getResponseHeaders().set(CLOCK_HEADER, clock.instant().toString());
      exchange.getResponseHeaders().set(SCALE_HEADER, scale);
      boolean head = request.method().equals("HEAD");
      if (head) {
        // a HEAD's Content-Length is the size of what a GET would send (HeadObject's
        // ContentLength), not of its empty body
        response.headers().entrySet().stream()
            .filter(header -> header.getKey().equalsIgnoreCase("content-length"))
            .findFirst()
            .ifPresent(
                length -> exchange.getResponseHeaders().put("Content-Length", length.getValue()));
      }
      boolean noBody = head || response.status() == 204 || response.status() == 304;
      exchange.sendResponseHeaders(
          response.status(), noBody || response.body().length == 0 ? -1 : response.body().length);
      if (!noBody && response.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
    }
  }

  AwsResponse route(AwsRequest request) {
    if (request.path().equals(USAGE_PATH)) {
      return usage(request.method());
    }
    String service = request.signingService().orElse(null);
    if (service == null) {
      return error(
          403,
          "MissingAuthenticationToken",
          "Request is missing Authentication Token: sign it with SigV4 (any access key works here)");
    }
    Tenant caller = request.accessKeyId().map(this::ownerOf).orElse(null);
    if (request.header(CLOUD_CALLER_HEADER).isEmpty() && caller != null) {
      request = request.withHeader(CLOUD_CALLER_HEADER, "function");
    }
    if (unpaused.contains(service) || request.header(CLOUD_CALLER_HEADER).isPresent()) {
      return handle(service, request, caller);
    }
    pause.readLock().lock();
    try {
      return handle(service, request, caller);
    } finally {
      pause.readLock().unlock();
    }
  }

  /** The stack whose functions sign with {@code accessKeyId}, or null for a caller of no stack. */
  private Tenant ownerOf(String accessKeyId) {
    for (Tenant tenant : tenants) {
      if (tenant.ownsKey(accessKeyId)) {
        return tenant;
      }
    }
    return null;
  }

  /**
   * @param caller the stack whose role signed the request, or null: its policy authorises the
   *     request, whichever stack serves it; a key of no stack meets the first stack's check, which
   *     refuses temporary credentials that no role handed out
   */
  private AwsResponse handle(String service, AwsRequest request, Tenant caller) {
    ServiceHandler handler = services.get(service);
    if (handler == null) {
      Tenant serving = serving(service, request, caller);
      handler = serving == null ? null : serving.service(service);
    }
    if (handler == null) {
      java.util.Set<String> names = new java.util.TreeSet<>(services.keySet());
      tenants.forEach(tenant -> names.addAll(tenant.serviceNames()));
      return error(
          400,
          "UnknownService",
          "The embedded cloud does not serve the service '"
              + service
              + "'; it serves "
              + String.join(", ", names));
    }
    Authorizer authorizer =
        caller != null
            ? caller.authorizer()
            : tenants.isEmpty() ? Authorizer.ALLOW_ALL : tenants.get(0).authorizer();
    try {
      AwsResponse response = authorizer.around(service, request, handler);
      metering.served(service, request, response);
      return response;
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.ERROR,
          "the " + service + " service failed on " + request.method() + " " + request.path(),
          e);
      return error(
          500, "InternalFailure", "The " + service + " service of the embedded cloud failed: " + e);
    }
  }

  /**
   * The stack that serves {@code request}: the only one serving the service; else the one holding
   * what the request names, the caller's own stack first (a bucket name is the account's, and two
   * stacks' clouds may each have, say, CloudFormation's response bucket), what stacks deployed
   * before what their services must be asked for; else the caller's stack, else the first (a new
   * bucket, a listing).
   */
  private Tenant serving(String service, AwsRequest request, Tenant caller) {
    if (tenants.size() == 1) {
      // one stack, the usual case: no request is read for the resources it names
      Tenant only = tenants.get(0);
      return only.service(service) == null ? null : only;
    }
    List<Tenant> candidates = new java.util.ArrayList<>();
    boolean callerServes = caller != null && caller.service(service) != null;
    if (callerServes) {
      candidates.add(caller);
    }
    for (Tenant tenant : tenants) {
      if (tenant != caller && tenant.service(service) != null) {
        candidates.add(tenant);
      }
    }
    if (candidates.size() <= 1) {
      return candidates.isEmpty() ? null : candidates.get(0);
    }
    List<String> resources = resourceNames.of(service, request);
    for (boolean thorough : new boolean[] {false, true}) {
      for (String resource : resources) {
        for (Tenant tenant : candidates) {
          if (tenant.holds(service, resource, thorough)) {
            return tenant;
          }
        }
      }
    }
    return candidates.get(0);
  }

  private AwsResponse usage(String method) {
    switch (method) {
      case "GET":
        return AwsResponse.json(200, "application/json", meter.snapshot().toJson());
      case "DELETE":
        return AwsResponse.json(200, "application/json", meter.snapshotAndReset().toJson());
      default:
        return AwsResponse.json(
            405,
            "application/json",
            "{\"message\":\""
                + USAGE_PATH
                + " takes GET (the usage) or DELETE (the usage, then a reset)\"}");
    }
  }

  /**
   * An error for a request no service took: AWS's query-protocol shape, which every AWS client can
   * read.
   */
  private static AwsResponse error(int status, String code, String message) {
    return QueryProtocol.error(null, status, "Sender", code, message);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
