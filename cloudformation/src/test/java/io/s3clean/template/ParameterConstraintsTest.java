package io.s3clean.template;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One check of a parameter's own constraints, for the CLI and the evaluator alike. */
class ParameterConstraintsTest {
  private static final Parameter PERIOD =
      new Parameter("AlarmPeriod", Map.of("Type", "Number", "AllowedValues", List.of(60, 300)));
  private static final Parameter BATCH =
      new Parameter("BatchSize", Map.of("Type", "Number", "MinValue", 1, "MaxValue", 10000));
  private static final Parameter NAME =
      new Parameter(
          "Prefix",
          Map.of("Type", "String", "MinLength", 2, "MaxLength", 5, "AllowedPattern", "[a-z]+"));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      AlarmPeriod | 45    | --alarm-period must be one of 60, 300, not '45'
      AlarmPeriod | sixty | --alarm-period must be one of 60, 300, not 'sixty'
      BatchSize   | ten   | --alarm-period must be a number, not 'ten'
      BatchSize   | 0     | --alarm-period must be at least 1, not 0
      BatchSize   | 10001 | --alarm-period must be at most 10000, not 10001
      Prefix      | a     | --alarm-period must be at least 2 characters long
      Prefix      | abcdef | --alarm-period must be at most 5 characters long
      Prefix      | AB    | --alarm-period must match [a-z]+, not 'AB'
      """)
  void aValueThatBreaksAConstraintIsRefusedNamingIt(
      String parameter, String value, String message) {
    assertThatThrownBy(() -> ParameterConstraints.check(of(parameter), "--alarm-period", value))
        .isInstanceOf(TemplateException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({
    "AlarmPeriod, 60",
    "AlarmPeriod, 300.0",
    "BatchSize, 1",
    "BatchSize, 10000",
    "Prefix, abc"
  })
  void aValueWithinEveryConstraintPasses(String parameter, String value) {
    assertThatCode(() -> ParameterConstraints.check(of(parameter), "x", value))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource({"ops.example.com", "ops@example", "two words@example.com"})
  void aConstraintDescriptionIsWhatARefusalSays(String value) {
    Parameter email =
        new Parameter(
            "NotificationEmail",
            Map.of(
                "Type", "String",
                "AllowedPattern", "^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
                "ConstraintDescription", "must be an email address"));

    assertThatThrownBy(() -> ParameterConstraints.check(email, "--notification-email", value))
        .isInstanceOf(TemplateException.class)
        .hasMessage("--notification-email must be an email address, not '" + value + "'");
    assertThatCode(() -> ParameterConstraints.check(email, "x", "ops@example.com"))
        .doesNotThrowAnyException();
    assertThatCode(() -> ParameterConstraints.check(email, "x", "")).doesNotThrowAnyException();
  }

  private static Parameter of(String name) {
    return switch (name) {
      case "AlarmPeriod" -> PERIOD;
      case "BatchSize" -> BATCH;
      default -> NAME;
    };
  }
}
