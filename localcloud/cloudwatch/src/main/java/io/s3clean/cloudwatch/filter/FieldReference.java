package io.s3clean.cloudwatch.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference to a value in a matched log event, as metric values and dimensions use them: {@code
 * $.a.b[0]} in a JSON pattern, {@code $name} or {@code $3} in a space-delimited one. Obtain one
 * from {@link FilterPattern#reference(String)}, which checks it fits the pattern.
 */
public sealed interface FieldReference
    permits FieldReference.JsonPath, FieldReference.Named, FieldReference.Positional {

  /** The text as written, e.g. {@code $.total_size}. */
  String text();

  /** {@code $.name}, {@code $.list[0].id}: property names and array indices from the root. */
  record JsonPath(String text, List<Object> steps) implements FieldReference {
    // Logs docs: "Property selectors are alphanumeric strings that also support '-' and '_'
    // characters. Array elements are denoted with [NUMBER] syntax, and must follow a property."
    static JsonPath read(PatternReader in) {
      int start = in.pos;
      if (!in.consume("$")) {
        throw in.error("expected a property selector starting with '$.' but found " + in.found());
      }
      List<Object> steps = new ArrayList<>();
      while (!in.atEnd()) {
        if (in.peek() == '.') {
          in.pos++;
          int nameStart = in.pos;
          while (!in.atEnd() && isPropertyCharacter(in.peek())) {
            in.pos++;
          }
          if (in.pos == nameStart) {
            throw in.error(
                "property selectors are letters, digits, '-' and '_'; found " + in.found());
          }
          steps.add(in.text.substring(nameStart, in.pos));
        } else if (in.peek() == '[') {
          if (steps.isEmpty()) {
            throw in.error("an array index must follow a property, as in $.list[0]");
          }
          in.pos++;
          int digitsStart = in.pos;
          while (!in.atEnd() && Character.isDigit(in.peek())) {
            in.pos++;
          }
          if (in.pos == digitsStart || !in.consume("]")) {
            throw in.error("expected an array index such as [0]", digitsStart - 1);
          }
          steps.add(Integer.valueOf(in.text.substring(digitsStart, in.pos - 1)));
        } else {
          break;
        }
      }
      if (steps.isEmpty()) {
        throw in.error("a property selector needs at least one property, as in $.name", start);
      }
      if (!in.atEnd() && !Character.isWhitespace(in.peek()) && "()=!<>&|}".indexOf(in.peek()) < 0) {
        throw in.error(
            "unsupported character '"
                + in.peek()
                + "' in a property selector "
                + "(letters, digits, '-', '_', '.' and [index] only)");
      }
      return new JsonPath(in.text.substring(start, in.pos), List.copyOf(steps));
    }

    private static boolean isPropertyCharacter(char c) {
      return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }

    JsonNode resolve(JsonNode root) {
      JsonNode node = root;
      for (Object step : steps) {
        if (step instanceof String property) {
          node = node.isObject() ? node.get(property) : null;
        } else {
          int index = (Integer) step;
          node = node.isArray() && index < node.size() ? node.get(index) : null;
        }
        if (node == null) {
          return null;
        }
      }
      return node;
    }
  }

  /** {@code $status_code}: a named field of a space-delimited pattern. */
  record Named(String text, String name) implements FieldReference {}

  /** {@code $7}: the seventh space-delimited field of the event, counted from 1. */
  record Positional(String text, int position) implements FieldReference {}
}
