package io.s3clean.chart;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Binary byte units, so a chart axis reads "MiB" rather than nine-digit numbers. */
enum ByteUnit {
  B(1L),
  KIB(1L << 10),
  MIB(1L << 20),
  GIB(1L << 30),
  TIB(1L << 40),
  PIB(1L << 50);

  private final long bytes;

  ByteUnit(long bytes) {
    this.bytes = bytes;
  }

  long bytes() {
    return bytes;
  }

  String symbol() {
    return this == B ? "B" : name().charAt(0) + "iB";
  }

  double scale(double byteCount) {
    return byteCount / bytes;
  }

  /** The largest unit in which {@code byteCount} is at least one; bytes for anything smaller. */
  static ByteUnit fitting(long byteCount) {
    ByteUnit fit = B;
    for (ByteUnit unit : values()) {
      if (Math.abs(byteCount) >= unit.bytes) {
        fit = unit;
      }
    }
    return fit;
  }

  /** "46 B", "1.5 KiB", "20 MiB": at most two decimals, none for whole values and plain bytes. */
  static String format(long byteCount) {
    ByteUnit unit = fitting(byteCount);
    DecimalFormat twoDecimals =
        new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return twoDecimals.format(unit.scale(byteCount)) + " " + unit.symbol();
  }
}
