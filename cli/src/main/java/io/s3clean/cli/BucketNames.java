package io.s3clean.cli;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * S3's naming rules for general purpose buckets (S3 user guide, "General purpose bucket naming
 * rules"), and the names the template and the CLI give a stack's buckets: {@code
 * <stack>-<account>-<region>-watched}, {@code -plots} and, for the Lambda jar on AWS, {@code
 * -code}. A stack name whose buckets S3 would refuse is refused before anything is created, on
 * either target.
 */
public final class BucketNames {
  /**
   * The suffixes after {@code <stack>-<account>-<region>}: the template's two buckets and the
   * artifact bucket.
   */
  public static final List<String> STACK_BUCKETS = List.of("watched", "plots", "code");

  private static final Pattern CHARACTERS = Pattern.compile("[a-z0-9.-]*");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /**
   * Reserved prefixes; {@code sthree-configurator}, listed on its own in older guides, starts with
   * {@code sthree-}.
   */
  private static final List<Reserved> PREFIXES =
      List.of(
          new Reserved("xn--", "which S3 reserves (Punycode, internationalised domain names)"),
          new Reserved("sthree-", "which S3 reserves"),
          new Reserved("amzn-s3-demo-", "which S3 reserves for its documentation's examples"));

  private static final List<Reserved> SUFFIXES =
      List.of(
          new Reserved("-s3alias", "which S3 reserves for access point aliases"),
          new Reserved("--ol-s3", "which S3 reserves for Object Lambda Access Point aliases"),
          new Reserved(".mrap", "which S3 reserves for Multi-Region Access Points"),
          new Reserved("--x-s3", "which S3 reserves for directory buckets"),
          new Reserved("--table-s3", "which S3 reserves for table buckets"));

  private record Reserved(String affix, String why) {}

  private BucketNames() {}

  /**
   * The first rule {@code bucket} breaks, as the rest of a sentence starting with the name; empty
   * if none.
   */
  public static Optional<String> problem(String bucket) {
    if (bucket.length() < 3 || bucket.length() > 63) {
      return Optional.of("is " + bucket.length() + " characters long; a bucket name has 3 to 63");
    }
    if (!CHARACTERS.matcher(bucket).matches()) {
      return Optional.of(
          "holds characters other than lower-case letters, digits, dots and hyphens");
    }
    if (!Character.isLetterOrDigit(bucket.charAt(0))
        || !Character.isLetterOrDigit(bucket.charAt(bucket.length() - 1))) {
      return Optional.of("must begin and end with a letter or a digit");
    }
    if (bucket.contains("..")) {
      return Optional.of("holds two adjacent dots");
    }
    if (IP_ADDRESS.matcher(bucket).matches()) {
      return Optional.of("is formatted as an IP address");
    }
    for (Reserved prefix : PREFIXES) {
      if (bucket.startsWith(prefix.affix())) {
        return Optional.of("starts with " + prefix.affix() + ", " + prefix.why());
      }
    }
    for (Reserved suffix : SUFFIXES) {
      if (bucket.endsWith(suffix.affix())) {
        return Optional.of("ends with " + suffix.affix() + ", " + suffix.why());
      }
    }
    return Optional.empty();
  }

  /**
   * A bucket of the stack: {@code <stack>-<account>-<region>-<suffix>}, as the template's !Sub
   * writes it.
   */
  public static String of(String stackName, String accountId, String region, String suffix) {
    return stackName + "-" + accountId + "-" + region + "-" + suffix;
  }

  /**
   * Why S3 would refuse a bucket of a stack of this name, whatever its account and region, or
   * empty. The names are checked with twelve digits for the account and a region code in place of
   * the real ones, which are not known before AWS is asked: digits and a region code can neither
   * make nor unmake a reserved prefix that the stack name starts, and the suffixes are fixed. The
   * length is the stack name's own limit (27 characters, for region codes of up to 14).
   */
  public static Optional<String> stackProblem(String stackName) {
    for (String suffix : STACK_BUCKETS) {
      Optional<String> problem = problem(of(stackName, "000000000000", "us-east-1", suffix));
      if (problem.isPresent()) {
        return Optional.of(
            "its bucket "
                + of(stackName, "<account>", "<region>", suffix)
                + " "
                + problem.get()
                + " (S3 user guide, \"General purpose bucket naming rules\")");
      }
    }
    return Optional.empty();
  }
}
