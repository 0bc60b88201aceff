package io.s3clean.cloudwatch.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code [ip, user, ..., status_code = 4*, bytes > 1000]}: named fields of a space-delimited event,
 * where text in double quotes or square brackets is one field and {@code ...} stands for any number
 * of fields. A condition may mention other fields ({@code status_code = 4* && bytes > 1000}); every
 * condition must hold.
 */
final class SpaceDelimitedPattern extends FilterPattern {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** One comma-separated entry: a named field, an unnamed one, or an ellipsis. */
  private record Slot(String name, boolean ellipsis) {}

  private final List<Slot> slots;
  private final List<Condition> conditions;
  private final Set<String> names;

  private SpaceDelimitedPattern(
      String text, List<Slot> slots, List<Condition> conditions, Set<String> names) {
    super(text);
    this.slots = slots;
    this.conditions = conditions;
    this.names = names;
  }

  static SpaceDelimitedPattern read(String text) {
    PatternReader in = new PatternReader(text);
    in.expect("[");
    List<Slot> slots = new ArrayList<>();
    List<Condition> conditions = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<Map.Entry<String, Integer>> mentioned = new ArrayList<>();
    while (true) {
      in.skipWhitespace();
      if (in.atEnd()) {
        throw in.error("expected ']' to close the space-delimited pattern");
      }
      if (in.startsWith("]")) {
        if (!slots.isEmpty()) {
          slots.add(new Slot(null, false)); // "[a, b,]": the trailing empty entry is a field
        }
        in.pos++;
        break;
      }
      if (in.consume("...")) {
        slots.add(new Slot(null, true));
      } else if (in.startsWith(",")) {
        slots.add(new Slot(null, false));
      } else {
        int start = in.pos;
        String name = readName(in);
        if (!names.add(name)) {
          throw in.error("field '" + name + "' is named twice", start);
        }
        slots.add(new Slot(name, false));
        in.skipWhitespace();
        if (!in.atEnd() && in.peek() != ',' && in.peek() != ']') {
          in.pos = start;
          conditions.add(Condition.parse(in, () -> comparison(in, mentioned)));
        }
      }
      in.skipWhitespace();
      if (in.consume(",")) {
        continue;
      }
      if (in.startsWith("]")) {
        in.pos++;
        break;
      }
      throw in.error("expected ',' or ']' but found " + in.found());
    }
    in.skipWhitespace();
    if (!in.atEnd()) {
      throw in.error("unexpected text after the closing ']': " + in.found());
    }
    if (slots.isEmpty()) {
      throw in.error("empty space-delimited pattern", 0);
    }
    for (Map.Entry<String, Integer> use : mentioned) {
      if (!names.contains(use.getKey())) {
        throw in.error(
            "condition mentions '" + use.getKey() + "', which is not a field of the pattern",
            use.getValue());
      }
    }
    return new SpaceDelimitedPattern(
        text, List.copyOf(slots), List.copyOf(conditions), Set.copyOf(names));
  }

  private static String readName(PatternReader in) {
    int start = in.pos;
    while (!in.atEnd() && (Character.isLetterOrDigit(in.peek()) || in.peek() == '_')) {
      in.pos++;
    }
    String name = in.text.substring(start, in.pos);
    if (!NAME.matcher(name).matches()) {
      throw in.error("expected a field name, '...' or ',' but found " + in.found(), start);
    }
    return name;
  }

  private static Condition comparison(
      PatternReader in, List<Map.Entry<String, Integer>> mentioned) {
    in.skipWhitespace();
    int start = in.pos;
    String name = readName(in);
    mentioned.add(Map.entry(name, start));
    Operator op = Operator.read(in);
    if (op == null) {
      throw in.error("expected an operator (=, !=, <, <=, >, >=) but found " + in.found());
    }
    return new Condition.Compare(
        new FieldReference.Named("$" + name, name), op, Literal.read(in, op, ",]()"));
  }

  @Override
  public Kind kind() {
    return Kind.SPACE_DELIMITED;
  }

  @Override
  public Optional<PatternMatch> match(String message) {
    List<String> fields = fields(message);
    Map<String, String> bound = new HashMap<>();
    if (!bind(0, 0, fields, bound)) {
      return Optional.empty();
    }
    Map<String, String> values = Map.copyOf(bound);
    return Optional.of(
        new PatternMatch() {
          @Override
          public Optional<String> value(FieldReference field) {
            if (field instanceof FieldReference.Named named) {
              return Optional.ofNullable(values.get(named.name()));
            }
            if (field instanceof FieldReference.Positional positional) {
              int index = positional.position() - 1;
              return index < fields.size() ? Optional.of(fields.get(index)) : Optional.empty();
            }
            return Optional.empty();
          }

          @Override
          public Map<String, String> extractedValues() {
            Map<String, String> extracted = new java.util.LinkedHashMap<>();
            for (int i = 0; i < fields.size(); i++) {
              extracted.put("$" + (i + 1), fields.get(i));
            }
            new java.util.TreeMap<>(values)
                .forEach((name, value) -> extracted.put("$" + name, value));
            return extracted;
          }
        });
  }

  /** Assigns fields to slots, trying every width for each ellipsis, until the conditions hold. */
  private boolean bind(int slot, int field, List<String> fields, Map<String, String> bound) {
    if (slot == slots.size()) {
      return field == fields.size()
          && conditions.stream().allMatch(c -> c.holds(ref -> named(bound, ref)));
    }
    Slot current = slots.get(slot);
    if (current.ellipsis()) {
      for (int next = field; next <= fields.size(); next++) {
        if (bind(slot + 1, next, fields, bound)) {
          return true;
        }
      }
      return false;
    }
    if (field >= fields.size()) {
      return false;
    }
    if (current.name() != null) {
      bound.put(current.name(), fields.get(field));
    }
    boolean matched = bind(slot + 1, field + 1, fields, bound);
    if (!matched && current.name() != null) {
      bound.remove(current.name());
    }
    return matched;
  }

  private static FieldValue named(Map<String, String> bound, FieldReference ref) {
    String value = bound.get(((FieldReference.Named) ref).name());
    return value == null ? FieldValue.MISSING : FieldValue.ofText(value);
  }

  /** Splits on whitespace; "quoted text" and [bracketed text] are one field, without delimiters. */
  static List<String> fields(String message) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int n = message.length();
    while (true) {
      while (i < n && Character.isWhitespace(message.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return fields;
      }
      char open = message.charAt(i);
      char close = open == '"' ? '"' : open == '[' ? ']' : 0;
      if (close != 0) {
        int end = message.indexOf(close, i + 1);
        if (end >= 0) {
          fields.add(message.substring(i + 1, end));
          i = end + 1;
          continue;
        }
      }
      int start = i;
      while (i < n && !Character.isWhitespace(message.charAt(i))) {
        i++;
      }
      fields.add(message.substring(start, i));
    }
  }

  /**
   * Its fields are the ones it declares, by name or by position; {@link #reference} refuses others.
   */
  @Override
  public boolean names(FieldReference field) {
    return field instanceof FieldReference.Named named
        ? names.contains(named.name())
        : field instanceof FieldReference.Positional;
  }

  @Override
  public FieldReference reference(String reference) {
    if (!reference.startsWith("$") || reference.startsWith("$.")) {
      throw new FilterPatternException(
          "'"
              + reference
              + "' is not a space-delimited field reference such as $bytes or $7,"
              + " which a space-delimited pattern needs: "
              + text());
    }
    String name = reference.substring(1);
    if (name.matches("[1-9][0-9]*")) {
      return new FieldReference.Positional(reference, Integer.parseInt(name));
    }
    if (!names.contains(name)) {
      throw new FilterPatternException(
          "'"
              + reference
              + "' names no field of the pattern "
              + text()
              + "; fields: "
              + new TreeSet<>(names));
    }
    return new FieldReference.Named(reference, name);
  }
}
