package io.s3clean.perf.cli;

import java.util.List;

/**
 * The positional arguments of the perf commands ({@code scripts/soak}, {@code scripts/bench}): each
 * optional, a whole number ({@code 100_000} allowed) or one of a few words, and a bad one a single
 * line.
 */
public final class Arguments {
  private final String command;
  private final List<String> values;

  /** A value the command cannot use; its message is the whole error line. */
  public static final class BadArgumentException extends RuntimeException {
    BadArgumentException(String message) {
      super(message);
    }
  }

  /**
   * @param usage the optional arguments in brackets, as {@code [events] [seed]}
   */
  public Arguments(String command, String usage, String... values) {
    this.command = command;
    this.values = List.of(values);
    if (values.length > usage.chars().filter(c -> c == '[').count()) {
      throw new BadArgumentException(
          command + ": too many arguments; usage: " + command + " " + usage);
    }
  }

  /**
   * The argument at {@code index}, between {@code least} and {@code most}, or {@code fallback} if
   * absent.
   */
  public long number(int index, String name, long least, long most, long fallback) {
    if (index >= values.size()) {
      return fallback;
    }
    String text = values.get(index);
    long value;
    try {
      value = Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new BadArgumentException(
          command + ": " + name + " must be a whole number, not '" + text + "'");
    }
    if (value < least) {
      throw new BadArgumentException(
          command + ": " + name + " must be at least " + least + ", not " + text);
    }
    if (value > most) {
      throw new BadArgumentException(
          command + ": " + name + " must be at most " + most + ", not " + text);
    }
    return value;
  }

  /** The argument at {@code index}, one of {@code allowed}, or {@code fallback} if absent. */
  public String choice(int index, String name, List<String> allowed, String fallback) {
    if (index >= values.size()) {
      return fallback;
    }
    String text = values.get(index);
    if (!allowed.contains(text)) {
      throw new BadArgumentException(
          command
              + ": "
              + name
              + " must be one of "
              + String.join(", ", allowed)
              + ", not '"
              + text
              + "'");
    }
    return text;
  }

  /** Runs a command's main body; a bad argument is one line on stderr and exit 2. */
  public static void run(String[] args, MainBody body) throws Exception {
    try {
      body.run(args);
    } catch (BadArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  /** A command's main method after its arguments are checked. */
  @FunctionalInterface
  public interface MainBody {
    void run(String[] args) throws Exception;
  }
}
