package io.s3clean.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One case per rule of the S3 user guide's "General purpose bucket naming rules". */
class BucketNamesTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      ab                                                               | is 2 characters long; a bucket name has 3 to 63
      s3clean-123456789012-ap-southeast-5-watched-and-a-little-more-x1 | is 64 characters long; a bucket name has 3 to 63
      S3clean-123456789012-us-east-1-watched                           | holds characters other than lower-case letters, digits, dots and hyphens
      s3_clean-123456789012-us-east-1-watched                          | holds characters other than lower-case letters, digits, dots and hyphens
      -s3clean                                                         | must begin and end with a letter or a digit
      s3clean.                                                         | must begin and end with a letter or a digit
      s3..clean                                                        | holds two adjacent dots
      192.168.5.4                                                      | is formatted as an IP address
      xn--demo-123456789012-us-east-1-watched                          | starts with xn--, which S3 reserves (Punycode, internationalised domain names)
      sthree-demo-123456789012-us-east-1-plots                         | starts with sthree-, which S3 reserves
      sthree-configurator-x                                            | starts with sthree-, which S3 reserves
      amzn-s3-demo-bucket                                              | starts with amzn-s3-demo-, which S3 reserves for its documentation's examples
      demo-s3alias                                                     | ends with -s3alias, which S3 reserves for access point aliases
      demo--ol-s3                                                      | ends with --ol-s3, which S3 reserves for Object Lambda Access Point aliases
      demo.mrap                                                        | ends with .mrap, which S3 reserves for Multi-Region Access Points
      demo--usw2-az1--x-s3                                             | ends with --x-s3, which S3 reserves for directory buckets
      demo--table-s3                                                   | ends with --table-s3, which S3 reserves for table buckets
      """)
  void aNameThatBreaksARuleIsRefusedWithThatRule(String bucket, String problem) {
    assertThat(BucketNames.problem(bucket)).contains(problem);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "s3clean-123456789012-us-east-1-watched",
        "abc",
        "a.b-c",
        "xn-demo",
        "sthree",
        "amzn-s3-demo",
        "demo-s3alias-x",
        "my.bucket.name",
        "1-2-3-4",
        "s3clean-123456789012-ap-southeast-5-watched-and-a-little-more"
      })
  void aNameThatBreaksNoRuleIsFine(String bucket) {
    assertThat(BucketNames.problem(bucket)).isEmpty();
  }

  @ParameterizedTest(name = "stack {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      xn--demo      | its bucket xn--demo-<account>-<region>-watched starts with xn--
      xn-           | its bucket xn--<account>-<region>-watched starts with xn--
      sthree        | its bucket sthree-<account>-<region>-watched starts with sthree-
      sthree-demo   | its bucket sthree-demo-<account>-<region>-watched starts with sthree-
      amzn-s3-demo  | its bucket amzn-s3-demo-<account>-<region>-watched starts with amzn-s3-demo-
      """)
  void aStackWhoseBucketNamesS3WouldRefuseIsNamedWithTheBucketAndTheRule(
      String stack, String problem) {
    assertThat(BucketNames.stackProblem(stack))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith(problem)
                    .endsWith("(S3 user guide, \"General purpose bucket naming rules\")"));
  }

  @ParameterizedTest(name = "stack {0}")
  @ValueSource(
      strings = {
        "s3clean",
        "xn",
        "xndemo",
        "sthreedemo",
        "amzn-s3",
        "demo-s3alias",
        "s3clean-with-27-characters-"
      })
  void aStackWhoseBucketsS3AcceptsIsFine(String stack) {
    assertThat(BucketNames.stackProblem(stack)).isEmpty();
  }

  @Test
  void theStacksBucketsAreNamedAsTheTemplateNamesThem() {
    assertThat(BucketNames.of("s3clean", "123456789012", "us-east-1", "watched"))
        .isEqualTo("s3clean-123456789012-us-east-1-watched");
  }
}
