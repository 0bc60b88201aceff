package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.expr.Lexer.Kind;
import io.s3clean.dynamodb.value.Bytes;
import io.s3clean.dynamodb.value.Numbers;
import io.s3clean.dynamodb.value.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An UpdateExpression (developer guide, "Using update expressions"): clauses SET, REMOVE, ADD and
 * DELETE, each at most once, in any order. Parsed once; {@link #apply} computes the new item.
 */
public final class UpdateExpression {
  private static final String INCORRECT_DATA_TYPE =
      "An operand in the update expression has an incorrect data type";
  private static final String MISSING_ATTRIBUTE =
      "The provided expression refers to an attribute that does not exist in the item";
  private static final String INVALID_PATH =
      "The document path provided in the update expression is invalid for update";

  private final List<Action> actions;
  private final List<Path> targets;

  private UpdateExpression(List<Action> actions) {
    this.actions = List.copyOf(actions);
    List<Path> paths = new ArrayList<>(actions.size());
    for (Action action : actions) {
      paths.add(action.path());
    }
    this.targets = List.copyOf(paths);
  }

  public static UpdateExpression parse(String expression, ExpressionContext context) {
    return new UpdateExpression(new Parser(expression, context).parse());
  }

  /** The paths the expression sets, removes, adds to or deletes from, in the expression's order. */
  public List<Path> targets() {
    return targets;
  }

  /**
   * The item after the update. {@code item} is not changed; it may be empty (a new item). Every
   * right-hand side is evaluated against the item as it was before the update, as DynamoDB does.
   */
  public Map<String, Value> apply(Map<String, Value> item) {
    List<Value> setValues = new ArrayList<>();
    for (Action action : actions) {
      if (action instanceof SetAction set) {
        setValues.add(set.source().resolve(item));
      }
    }
    Map<String, Value> result = new LinkedHashMap<>(item);
    List<Path> removals = new ArrayList<>();
    int nextSet = 0;
    for (Action action : actions) {
      if (action instanceof SetAction set) {
        write(result, set.path(), setValues.get(nextSet++), false);
      } else if (action instanceof AddAction add) {
        add(result, add.path(), add.value());
      } else if (action instanceof DeleteAction delete) {
        delete(result, delete.path(), delete.value());
      } else {
        removals.add(action.path());
      }
    }
    // List indexes of REMOVE name the elements of the list as it was: removing the highest first
    // keeps the lower ones where they were.
    removals.sort(PATH_ORDER.reversed());
    for (Path removal : removals) {
      write(result, removal, null, true);
    }
    return result;
  }

  private static void add(Map<String, Value> item, Path path, Value addend) {
    Value current = path.resolve(item);
    Value sum;
    if (current == null) {
      sum = addend;
    } else if (current instanceof Value.N a && addend instanceof Value.N b) {
      sum = new Value.N(Numbers.add(a.value(), b.value()));
    } else if (current instanceof Value.SS a && addend instanceof Value.SS b) {
      sum = new Value.SS(union(a.value(), b.value()));
    } else if (current instanceof Value.NS a && addend instanceof Value.NS b) {
      sum = new Value.NS(union(a.value(), b.value()));
    } else if (current instanceof Value.BS a && addend instanceof Value.BS b) {
      sum = new Value.BS(union(a.value(), b.value()));
    } else {
      throw DynamoDbException.validation(INCORRECT_DATA_TYPE);
    }
    write(item, path, sum, false);
  }

  private static void delete(Map<String, Value> item, Path path, Value members) {
    Value current = path.resolve(item);
    if (current == null) {
      return; // deleting from a set that is not there changes nothing
    }
    Value rest;
    boolean empty;
    if (current instanceof Value.SS a && members instanceof Value.SS b) {
      Set<String> left = difference(a.value(), b.value());
      rest = new Value.SS(left);
      empty = left.isEmpty();
    } else if (current instanceof Value.NS a && members instanceof Value.NS b) {
      Set<BigDecimal> left = difference(a.value(), b.value());
      rest = new Value.NS(left);
      empty = left.isEmpty();
    } else if (current instanceof Value.BS a && members instanceof Value.BS b) {
      Set<Bytes> left = difference(a.value(), b.value());
      rest = new Value.BS(left);
      empty = left.isEmpty();
    } else {
      throw DynamoDbException.validation(INCORRECT_DATA_TYPE);
    }
    // A set is never empty: deleting its last members removes the attribute.
    write(item, path, empty ? null : rest, empty);
  }

  private static <T> Set<T> union(Set<T> a, Set<T> b) {
    Set<T> union = new LinkedHashSet<>(a);
    union.addAll(b);
    return union;
  }

  private static <T> Set<T> difference(Set<T> a, Set<T> b) {
    Set<T> difference = new LinkedHashSet<>(a);
    difference.removeAll(b);
    return difference;
  }

  /** Sets (or removes) the value at {@code path}, rebuilding the maps and lists above it. */
  private static void write(Map<String, Value> item, Path path, Value value, boolean remove) {
    String name = path.attributeName();
    if (path.isTopLevel()) {
      if (remove) {
        item.remove(name);
      } else {
        item.put(name, value);
      }
      return;
    }
    Value top = item.get(name);
    if (top == null) {
      throw DynamoDbException.validation(INVALID_PATH);
    }
    item.put(name, rewrite(top, path.elements(), 1, value, remove));
  }

  private static Value rewrite(
      Value container, List<Path.Element> elements, int i, Value value, boolean remove) {
    Path.Element step = elements.get(i);
    boolean last = i == elements.size() - 1;
    if (step instanceof Path.Key key) {
      if (!(container instanceof Value.M m)) {
        throw DynamoDbException.validation(INVALID_PATH);
      }
      Map<String, Value> copy = new LinkedHashMap<>(m.value());
      if (!last) {
        Value child = copy.get(key.name());
        if (child == null) {
          throw DynamoDbException.validation(INVALID_PATH);
        }
        copy.put(key.name(), rewrite(child, elements, i + 1, value, remove));
      } else if (remove) {
        copy.remove(key.name());
      } else {
        copy.put(key.name(), value);
      }
      return new Value.M(copy);
    }
    int index = ((Path.Index) step).index();
    if (!(container instanceof Value.L l)) {
      throw DynamoDbException.validation(INVALID_PATH);
    }
    List<Value> copy = new ArrayList<>(l.value());
    boolean inside = index < copy.size();
    if (!last) {
      if (!inside) {
        throw DynamoDbException.validation(INVALID_PATH);
      }
      copy.set(index, rewrite(copy.get(index), elements, i + 1, value, remove));
    } else if (remove) {
      if (inside) {
        copy.remove(index); // the elements after it move up; past the end is no change
      }
    } else if (inside) {
      copy.set(index, value);
    } else {
      copy.add(value); // an index past the end appends, as DynamoDB does
    }
    return new Value.L(copy);
  }

  /** Paths in document order, list indexes numerically. */
  private static final Comparator<Path> PATH_ORDER =
      (a, b) -> {
        List<Path.Element> x = a.elements();
        List<Path.Element> y = b.elements();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
          int order = compare(x.get(i), y.get(i));
          if (order != 0) {
            return order;
          }
        }
        return Integer.compare(x.size(), y.size());
      };

  private static int compare(Path.Element a, Path.Element b) {
    if (a instanceof Path.Index i && b instanceof Path.Index j) {
      return Integer.compare(i.index(), j.index());
    }
    if (a instanceof Path.Key k && b instanceof Path.Key l) {
      return k.name().compareTo(l.name());
    }
    return a instanceof Path.Key ? -1 : 1;
  }

  private interface Action {
    Path path();
  }

  private record SetAction(Path path, Source source) implements Action {}

  private record RemoveAction(Path path) implements Action {}

  private record AddAction(Path path, Value value) implements Action {}

  private record DeleteAction(Path path, Value value) implements Action {}

  /** The right-hand side of a SET, evaluated against the item before the update. */
  private interface Source {
    Value resolve(Map<String, Value> item);
  }

  private record PathSource(Path path) implements Source {
    @Override
    public Value resolve(Map<String, Value> item) {
      Value value = path.resolve(item);
      if (value == null) {
        throw DynamoDbException.validation(MISSING_ATTRIBUTE);
      }
      return value;
    }
  }

  private record LiteralSource(Value value) implements Source {
    @Override
    public Value resolve(Map<String, Value> item) {
      return value;
    }
  }

  private record IfNotExists(Path path, Source fallback) implements Source {
    @Override
    public Value resolve(Map<String, Value> item) {
      Value value = path.resolve(item);
      return value != null ? value : fallback.resolve(item);
    }
  }

  private record ListAppend(Source first, Source second) implements Source {
    @Override
    public Value resolve(Map<String, Value> item) {
      Value a = first.resolve(item);
      Value b = second.resolve(item);
      if (!(a instanceof Value.L x) || !(b instanceof Value.L y)) {
        throw DynamoDbException.validation(INCORRECT_DATA_TYPE);
      }
      List<Value> joined = new ArrayList<>(x.value().size() + y.value().size());
      joined.addAll(x.value());
      joined.addAll(y.value());
      return new Value.L(joined);
    }
  }

  private record Arithmetic(Source left, Source right, boolean plus) implements Source {
    @Override
    public Value resolve(Map<String, Value> item) {
      Value a = left.resolve(item);
      Value b = right.resolve(item);
      if (!(a instanceof Value.N x) || !(b instanceof Value.N y)) {
        throw DynamoDbException.validation(INCORRECT_DATA_TYPE);
      }
      BigDecimal result =
          plus ? Numbers.add(x.value(), y.value()) : Numbers.subtract(x.value(), y.value());
      return new Value.N(result);
    }
  }

  /**
   *
   *
   * <pre>
   * update    := clause+
   * clause    := SET path = value (, ...)* | REMOVE path (, ...)*
   *            | ADD path :value (, ...)* | DELETE path :value (, ...)*
   * value     := operand ( (+|-) operand )?
   * operand   := path | :value | if_not_exists(path, operand) | list_append(operand, operand)
   * </pre>
   */
  private static final class Parser extends ExpressionParser {
    private static final List<String> CLAUSES = List.of("SET", "REMOVE", "ADD", "DELETE");
    private static final Set<String> CONDITION_FUNCTIONS =
        Set.of(
            "attribute_exists",
            "attribute_not_exists",
            "attribute_type",
            "begins_with",
            "contains",
            "size");

    Parser(String expression, ExpressionContext context) {
      super(expression, context, "UpdateExpression");
    }

    List<Action> parse() {
      List<Action> actions = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      do {
        String clause = at(Kind.IDENT) ? peek().text().toUpperCase(Locale.ROOT) : "";
        if (!CLAUSES.contains(clause)) {
          throw unexpected();
        }
        if (!seen.add(clause)) {
          throw invalid(
              "The \"" + clause + "\" section can only be used once in an update expression;");
        }
        next();
        actions.add(action(clause));
        while (at(Kind.COMMA)) {
          next();
          actions.add(action(clause));
        }
      } while (!at(Kind.EOF));
      List<Path> paths = new ArrayList<>();
      for (Action action : actions) {
        paths.add(action.path());
      }
      refuseOverlaps(paths);
      return actions;
    }

    private Action action(String clause) {
      Path path = parsePath();
      switch (clause) {
        case "SET":
          expect(Kind.EQ);
          return new SetAction(path, parseSetValue());
        case "REMOVE":
          return new RemoveAction(path);
        case "ADD":
          {
            if (!at(Kind.VALUE)) {
              throw unexpected();
            }
            Value value = parseValue().value();
            if (!(value instanceof Value.N) && !Values.isSet(value)) {
              throw operandType("ADD", value);
            }
            return new AddAction(path, value);
          }
        default:
          {
            if (!at(Kind.VALUE)) {
              throw unexpected();
            }
            Value value = parseValue().value();
            if (!Values.isSet(value)) {
              throw operandType("DELETE", value);
            }
            return new DeleteAction(path, value);
          }
      }
    }

    private DynamoDbException operandType(String operator, Value value) {
      return invalid(
          "Incorrect operand type for operator or function; operator: "
              + operator
              + ", operand type: "
              + Values.humanType(value));
    }

    private Source parseSetValue() {
      Source left = parseOperand();
      if (at(Kind.PLUS) || at(Kind.MINUS)) {
        boolean plus = next().kind() == Kind.PLUS;
        Source right = parseOperand();
        String operator = plus ? "+" : "-";
        requireLiteralType(operator, left, Value.N.class);
        requireLiteralType(operator, right, Value.N.class);
        return new Arithmetic(left, right, plus);
      }
      return left;
    }

    private void requireLiteralType(String function, Source source, Class<? extends Value> type) {
      if (source instanceof LiteralSource literal && !type.isInstance(literal.value())) {
        throw incorrectOperandType(function, literal.value().typeName());
      }
    }

    private Source parseOperand() {
      if (at(Kind.VALUE)) {
        return new LiteralSource(parseValue().value());
      }
      if (atFunctionCall()) {
        String function = next().text();
        if (function.equals("if_not_exists")) {
          List<Source> arguments = parseArguments(this::parseOperand);
          requireArity(function, arguments, 2);
          if (!(arguments.get(0) instanceof PathSource path)) {
            throw requiresPath(function);
          }
          return new IfNotExists(path.path(), arguments.get(1));
        }
        if (function.equals("list_append")) {
          List<Source> arguments = parseArguments(this::parseOperand);
          requireArity(function, arguments, 2);
          requireLiteralType(function, arguments.get(0), Value.L.class);
          requireLiteralType(function, arguments.get(1), Value.L.class);
          return new ListAppend(arguments.get(0), arguments.get(1));
        }
        if (CONDITION_FUNCTIONS.contains(function)) {
          throw invalid(
              "The function is not allowed in an update expression; function: " + function);
        }
        throw invalid("Invalid function name; function: " + function);
      }
      if (at(Kind.IDENT) || at(Kind.NAME)) {
        return new PathSource(parsePath());
      }
      throw unexpected();
    }
  }
}
