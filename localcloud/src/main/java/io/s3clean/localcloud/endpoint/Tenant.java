package io.s3clean.localcloud.endpoint;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The services one stack's cloud serves at the endpoint, which several stacks share as AWS's
 * endpoints serve every stack of an account: a request goes to the stack that holds the resource it
 * names, and is authorised by the policy of the role that signed it (see {@link AwsEndpoint}).
 */
public final class Tenant {
  private final String name;
  private final Map<String, ServiceHandler> services = new ConcurrentHashMap<>();
  private volatile AwsEndpoint.Authorizer authorizer = AwsEndpoint.Authorizer.ALLOW_ALL;
  private volatile Predicate<String> keys = key -> false;
  private volatile Holdings holds = (service, resource, thorough) -> false;

  /** What a stack's services hold. */
  @FunctionalInterface
  public interface Holdings {
    /**
     * Whether the stack's service (a signing name) holds a resource of this name.
     *
     * @param thorough false to look only at what the stack knows in memory (what it deployed): an
     *     answer that costs no call to an emulator, asked of every stack before any is asked
     *     thoroughly
     */
    boolean holds(String service, String resource, boolean thorough);
  }

  Tenant(String name) {
    this.name = name;
  }

  /** The stack's name. */
  public String name() {
    return name;
  }

  /** Serves requests signed for {@code signingName} that reach this stack with {@code handler}. */
  public Tenant serve(String signingName, ServiceHandler handler) {
    services.put(signingName, handler);
    return this;
  }

  /** Stops serving {@code signingName} with {@code handler}, if it still does. */
  public void unserve(String signingName, ServiceHandler handler) {
    services.remove(signingName, handler);
  }

  /** From now on, requests signed with this stack's keys pass {@code authorizer}. */
  public void authorizeWith(AwsEndpoint.Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /**
   * From now on, a request signed with a key that {@code keys} accepts is this stack's own caller
   * (its functions' roles): as if it carried {@value AwsEndpoint#CLOUD_CALLER_HEADER}, authorised
   * by this stack's policies, and sent to this stack's services unless another stack holds what it
   * names.
   */
  public void recognizeKeys(Predicate<String> keys) {
    this.keys = keys;
  }

  /** From now on, {@code holds} says what this stack's services hold. */
  public void holdsWith(Holdings holds) {
    this.holds = holds;
  }

  ServiceHandler service(String signingName) {
    return services.get(signingName);
  }

  Set<String> serviceNames() {
    return services.keySet();
  }

  AwsEndpoint.Authorizer authorizer() {
    return authorizer;
  }

  boolean ownsKey(String accessKeyId) {
    return keys.test(accessKeyId);
  }

  boolean holds(String service, String resource, boolean thorough) {
    try {
      return holds.holds(service, resource, thorough);
    } catch (RuntimeException e) {
      return false; // a service that cannot say holds nothing here; the request meets its answer
      // elsewhere
    }
  }

  @Override
  public String toString() {
    return "stack " + name;
  }
}
