package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.SoftAssertions.assertSoftly;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.s3clean.config.Environment;
import io.s3clean.handler.HandlerRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every function in the template runs a handler that exists in s3clean-lambdas, and each handler's
 * Config reads exactly the environment variables the template gives its function.
 */
class HandlerContractTest {
  /** Read by the runtime or the JVM, never by a Config. */
  private static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

  /** What an attribute or a resource name becomes: only known once deployed. */
  private static final String PLACEHOLDER = "arn:aws:placeholder";

  private final CloudFormationTemplate template = ShippedTemplate.parsed();

  @Test
  void templateRunsTheFiveHandlersOfTheDesign() {
    assertThat(template.resourcesOfType("AWS::Lambda::Function"))
        .extracting(function -> function.properties().get("Handler"))
        .containsExactlyInAnyOrder(
            "io.s3clean.handler.SizeTrackingHandler::handleRequest",
            "io.s3clean.handler.EventLoggingHandler::handleRequest",
            "io.s3clean.handler.CleanerHandler::handleRequest",
            "io.s3clean.handler.PlottingHandler::handleRequest",
            "io.s3clean.handler.BucketAdoptionHandler::handleRequest");
  }

  @Test
  void theAdoptionsConfigurationIdsStartAsTheCliExpectsThem() {
    TemplateEvaluator adopting =
        new TemplateEvaluator(
            template,
            Map.of("ArtifactBucket", "a", "ArtifactKey", "k", "ExistingBucketName", "theirs"),
            Map.of("AWS::StackName", "guard", "AWS::Region", "us-east-1"));

    Object prefix =
        adopting.resolve(
            template
                .resource("AdoptedBucketNotification")
                .properties()
                .get("ConfigurationIdPrefix"),
            new TemplateEvaluator.Resources() {
              @Override
              public Object ref(String logicalId) {
                return logicalId;
              }

              @Override
              public Object attribute(String logicalId, String attribute) {
                return logicalId + "." + attribute;
              }
            });

    assertThat(prefix).isEqualTo(io.s3clean.adoption.Subscription.idPrefixFor("guard"));
  }

  @Test
  void theHandlerRegistryHoldsExactlyTheTemplatesHandlers() {
    assertThat(HandlerRegistry.standard().handlers())
        .containsExactlyInAnyOrderElementsOf(
            template.resourcesOfType("AWS::Lambda::Function").stream()
                .map(function -> String.valueOf(function.properties().get("Handler")))
                .toList());
  }

  @TestFactory
  Stream<DynamicNode> everyFunctionMatchesItsHandler() {
    return template.resourcesOfType("AWS::Lambda::Function").stream()
        .map(
            function ->
                dynamicContainer(
                    function.logicalId(),
                    Stream.of(
                        dynamicTest(
                            "handler is a public class with a public handleRequest",
                            () -> checkHandler(function)),
                        dynamicTest(
                            "Config reads exactly the variables the template sets",
                            () -> checkConfig(function)),
                        dynamicTest(
                            "the registry builds it from the template's variables",
                            () -> checkRegistryBuilds(function)))));
  }

  /** The registry's factory gives an instance of the named class, built from the template alone. */
  private void checkRegistryBuilds(Resource function) {
    Handler handler = Handler.of(function);
    String name = String.valueOf(function.properties().get("Handler"));
    Map<String, String> variables = resolvedVariables(function);
    try (UnconnectedClients clients = new UnconnectedClients()) {
      Object built =
          HandlerRegistry.standard()
              .factory(name)
              .orElseThrow()
              .create(new Environment(variables::get), clients);
      assertThat(built).as(function.logicalId()).isInstanceOf(handler.load());
    }
  }

  private void checkHandler(Resource function) {
    Handler handler = Handler.of(function);
    assertThat(handler.method())
        .as("%s: handler method", function.logicalId())
        .isEqualTo("handleRequest");
    Class<?> type = handler.load();
    assertThat(Modifier.isPublic(type.getModifiers()))
        .as("%s: %s is public", function.logicalId(), type.getName())
        .isTrue();
    if (Arrays.stream(type.getMethods())
        .noneMatch(method -> method.getName().equals(handler.method()))) {
      fail(
          "%s: %s has no public method %s", function.logicalId(), type.getName(), handler.method());
    }
    try {
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      fail(
          "%s: %s has no public no-argument constructor, which is the one Lambda calls",
          function.logicalId(), type.getName());
    }
  }

  /**
   * docs/design.md: a public static nested record Config with public static Config
   * from(Environment).
   */
  private void checkConfig(Resource function) throws ReflectiveOperationException {
    Handler handler = Handler.of(function);
    if (!function.properties().containsKey("Environment")) {
      // a function the template configures with nothing has nothing to read
      assertThat(handler.load().getDeclaredClasses())
          .as("%s: a Config of a function the template gives no variables", function.logicalId())
          .noneMatch(nested -> nested.getSimpleName().equals("Config"));
      return;
    }
    Class<?> config = handler.load().getClassLoader().loadClass(handler.type() + "$Config");
    assertThat(config.isRecord() && Modifier.isPublic(config.getModifiers()))
        .as("%s is a public record", config.getName())
        .isTrue();
    Method from = config.getMethod("from", Environment.class);
    assertThat(Modifier.isStatic(from.getModifiers()))
        .as("%s.from is static", config.getName())
        .isTrue();

    Map<String, String> variables = resolvedVariables(function);
    Environment environment = new Environment(variables::get);
    try {
      from.invoke(null, environment);
    } catch (InvocationTargetException e) {
      fail(
          function.logicalId()
              + ": "
              + config.getName()
              + ".from rejects the template's variables "
              + variables,
          e.getCause());
    }

    Set<String> templateSets = new TreeSet<>(variables.keySet());
    templateSets.removeAll(RUNTIME_VARIABLES);
    Set<String> read = new TreeSet<>(environment.namesRead());
    assertSoftly(
        softly -> {
          softly
              .assertThat(read)
              .as(
                  "%s: variables %s reads but the template does not set",
                  function.logicalId(), config.getName())
              .isSubsetOf(templateSets);
          softly
              .assertThat(templateSets)
              .as(
                  "%s: variables the template sets but %s never reads",
                  function.logicalId(), config.getName())
              .isSubsetOf(read);
        });
  }

  /** The function's variables as a deployment would see them, parameters at their defaults. */
  private Map<String, String> resolvedVariables(Resource function) {
    Object environment = function.properties().get("Environment");
    Map<?, ?> variables =
        environment instanceof Map<?, ?> e && e.get("Variables") instanceof Map<?, ?> v
            ? v
            : Map.of();
    Map<String, String> resolved = new LinkedHashMap<>();
    variables.forEach((name, value) -> resolved.put(String.valueOf(name), resolve(value)));
    return resolved;
  }

  private String resolve(Object value) {
    if (!Intrinsics.isIntrinsic(value)) {
      return String.valueOf(value);
    }
    return Intrinsics.refTarget(value)
        .map(template.parameters()::get)
        .flatMap(Parameter::defaultValue)
        .map(String::valueOf)
        .orElse(PLACEHOLDER);
  }

  private record Handler(String functionId, String type, String method) {
    static Handler of(Resource function) {
      String handler = String.valueOf(function.properties().get("Handler"));
      int separator = handler.indexOf("::");
      if (separator < 0) {
        fail("%s: Handler '%s' is not package.Class::method", function.logicalId(), handler);
      }
      return new Handler(
          function.logicalId(), handler.substring(0, separator), handler.substring(separator + 2));
    }

    Class<?> load() {
      try {
        return Class.forName(type, false, HandlerContractTest.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        return fail("%s: handler class %s is not in s3clean-lambdas", functionId, type);
      }
    }
  }
}
