package io.s3clean.dynamodb.value;

import io.s3clean.dynamodb.DynamoDbException;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * DynamoDB's number type: up to 38 significant digits, magnitudes from 1E-130 to below 1E+126
 * (developer guide, "Data types", Number). Numbers are kept without trailing zeros, so {@code 1.50}
 * and {@code 1.5} are one value and are returned as {@code 1.5}, as the service returns them.
 */
public final class Numbers {
  public static final int MAX_DIGITS = 38;
  private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("1E+126");
  private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");
  private static final MathContext ARITHMETIC = new MathContext(MAX_DIGITS + 2);

  private Numbers() {}

  /** Parses a number as a request carries it, with the service's errors. */
  public static BigDecimal parse(String text) {
    BigDecimal number;
    try {
      String trimmed = text.strip();
      if (trimmed.isEmpty() || !trimmed.equals(text) && text.isBlank()) {
        throw new NumberFormatException();
      }
      number = new BigDecimal(trimmed);
    } catch (NumberFormatException e) {
      throw DynamoDbException.validation(
          "The parameter cannot be converted to a numeric value: " + text);
    }
    return checked(number);
  }

  /** The number in canonical form, refused if DynamoDB could not store it. */
  public static BigDecimal checked(BigDecimal number) {
    BigDecimal canonical = canonical(number);
    if (canonical.signum() == 0) {
      return canonical;
    }
    if (canonical.precision() > MAX_DIGITS) {
      throw DynamoDbException.validation(
          "Attempting to store more than 38 significant digits in a Number");
    }
    BigDecimal magnitude = canonical.abs();
    if (magnitude.compareTo(MAX_MAGNITUDE) >= 0) {
      throw DynamoDbException.validation(
          "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }
    if (magnitude.compareTo(MIN_MAGNITUDE) < 0) {
      throw DynamoDbException.validation(
          "Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }
    return canonical;
  }

  public static BigDecimal canonical(BigDecimal number) {
    return number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
  }

  public static BigDecimal add(BigDecimal a, BigDecimal b) {
    return checked(a.add(b, ARITHMETIC));
  }

  public static BigDecimal subtract(BigDecimal a, BigDecimal b) {
    return checked(a.subtract(b, ARITHMETIC));
  }

  /** The text DynamoDB answers with: plain notation, no trailing zeros. */
  public static String format(BigDecimal number) {
    return number.toPlainString();
  }
}
