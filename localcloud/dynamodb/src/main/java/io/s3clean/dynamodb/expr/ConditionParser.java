package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.expr.ConditionNode.Comparator;
import io.s3clean.dynamodb.expr.Lexer.Kind;
import io.s3clean.dynamodb.expr.Lexer.Token;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The grammar of condition, filter and key condition expressions, by precedence from loosest to
 * tightest (developer guide, "Precedence in conditions"):
 *
 * <pre>
 * or        := and ( OR and )*
 * and       := not ( AND not )*
 * not       := NOT not | primary
 * primary   := ( or ) | function | operand comparator operand
 *            | operand BETWEEN operand AND operand | operand IN ( operand, ... )
 * operand   := path | :value | size ( path )
 * </pre>
 */
final class ConditionParser extends ExpressionParser {
  static final int MAX_IN_OPERANDS = 100;

  private static final Set<String> CONDITION_FUNCTIONS =
      Set.of(
          "attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
  private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
  private static final Set<String> TYPE_NAMES =
      Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");

  /** Conditions written inside parentheses, to refuse {@code ((a = :v))} as DynamoDB does. */
  private final Set<ConditionNode> parenthesized =
      Collections.newSetFromMap(new IdentityHashMap<>());

  ConditionParser(String expression, ExpressionContext context, String parameter) {
    super(expression, context, parameter);
  }

  ConditionNode parse() {
    ConditionNode condition = parseOr();
    expectEnd();
    return condition;
  }

  private ConditionNode parseOr() {
    ConditionNode left = parseAnd();
    while (atKeyword("OR")) {
      next();
      left = new ConditionNode.Or(left, parseAnd());
    }
    return left;
  }

  private ConditionNode parseAnd() {
    ConditionNode left = parseNot();
    while (atKeyword("AND")) {
      next();
      left = new ConditionNode.And(left, parseNot());
    }
    return left;
  }

  private ConditionNode parseNot() {
    if (atKeyword("NOT")) {
      next();
      return new ConditionNode.Not(parseNot());
    }
    return parsePrimary();
  }

  private ConditionNode parsePrimary() {
    if (at(Kind.LPAREN)) {
      next();
      ConditionNode inner = parseOr();
      expect(Kind.RPAREN);
      if (parenthesized.contains(inner)) {
        throw invalid("The expression has redundant parentheses;");
      }
      parenthesized.add(inner);
      return inner;
    }
    if (atFunctionCall() && !peek().text().equals("size")) {
      return parseFunction();
    }
    Operand left = parseOperand();
    Token operator = peek();
    if (operator.isKeyword("BETWEEN")) {
      next();
      return between(left, parseOperand(), expectAnd());
    }
    if (operator.isKeyword("IN")) {
      next();
      return in(left);
    }
    Comparator comparator = comparator(operator.kind());
    if (comparator == null) {
      if (left instanceof Operand.Size) {
        throw notAllowedThisWay("size");
      }
      throw unexpected();
    }
    next();
    Operand right = parseOperand();
    return compare(comparator, left, right);
  }

  private Operand expectAnd() {
    if (!atKeyword("AND")) {
      throw unexpected();
    }
    next();
    return parseOperand();
  }

  private static Comparator comparator(Kind kind) {
    switch (kind) {
      case EQ:
        return Comparator.EQ;
      case NE:
        return Comparator.NE;
      case LT:
        return Comparator.LT;
      case LE:
        return Comparator.LE;
      case GT:
        return Comparator.GT;
      case GE:
        return Comparator.GE;
      default:
        return null;
    }
  }

  /** {@code path}, {@code :value} or {@code size(path)}; other functions are not operands. */
  Operand parseOperand() {
    if (at(Kind.VALUE)) {
      return parseValue();
    }
    if (atFunctionCall()) {
      String function = next().text();
      if (!function.equals("size")) {
        throw functionMisused(function);
      }
      List<Operand> arguments = parseArguments(this::parseOperand);
      requireArity(function, arguments, 1);
      return new Operand.Size(requirePath(function, arguments.get(0)));
    }
    if (at(Kind.IDENT) || at(Kind.NAME)) {
      return new Operand.PathRef(parsePath());
    }
    throw unexpected();
  }

  private RuntimeException functionMisused(String function) {
    if (CONDITION_FUNCTIONS.contains(function)) {
      return notAllowedThisWay(function);
    }
    if (UPDATE_FUNCTIONS.contains(function)) {
      return invalid(
          "The function is not allowed in a condition expression; function: " + function);
    }
    return invalid("Invalid function name; function: " + function);
  }

  private RuntimeException notAllowedThisWay(String function) {
    return invalid(
        "The function is not allowed to be used this way in an expression; function: " + function);
  }

  private ConditionNode parseFunction() {
    String function = peek().text();
    if (!CONDITION_FUNCTIONS.contains(function)) {
      throw functionMisused(function);
    }
    next();
    List<Operand> arguments = parseArguments(this::parseOperand);
    switch (function) {
      case "attribute_exists":
        requireArity(function, arguments, 1);
        return new ConditionNode.AttributeExists(requirePath(function, arguments.get(0)));
      case "attribute_not_exists":
        requireArity(function, arguments, 1);
        return new ConditionNode.AttributeNotExists(requirePath(function, arguments.get(0)));
      case "attribute_type":
        return attributeType(arguments);
      case "begins_with":
        requireArity(function, arguments, 2);
        for (Operand argument : arguments) {
          Value literal = literal(argument);
          if (literal != null && !(literal instanceof Value.S || literal instanceof Value.B)) {
            throw incorrectOperandType(function, literal.typeName());
          }
        }
        return new ConditionNode.BeginsWith(arguments.get(0), arguments.get(1));
      default:
        requireArity(function, arguments, 2);
        requirePath(function, arguments.get(0));
        return new ConditionNode.Contains(arguments.get(0), arguments.get(1));
    }
  }

  private ConditionNode attributeType(List<Operand> arguments) {
    requireArity("attribute_type", arguments, 2);
    Path path = requirePath("attribute_type", arguments.get(0));
    Value type = literal(arguments.get(1));
    if (type == null) {
      throw invalid(
          "Operator or function requires a literal value; operator or function: attribute_type");
    }
    if (!(type instanceof Value.S s)) {
      throw incorrectOperandType("attribute_type", type.typeName());
    }
    if (!TYPE_NAMES.contains(s.value())) {
      throw invalid(
          "Invalid attribute type name found; type: "
              + s.value()
              + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
    }
    return new ConditionNode.AttributeType(path, s.value());
  }

  private Path requirePath(String function, Operand operand) {
    if (operand instanceof Operand.PathRef ref) {
      return ref.path();
    }
    throw requiresPath(function);
  }

  private static Value literal(Operand operand) {
    return operand instanceof Operand.Literal literal ? literal.value() : null;
  }

  private ConditionNode compare(Comparator comparator, Operand left, Operand right) {
    if (left instanceof Operand.PathRef a
        && right instanceof Operand.PathRef b
        && a.path().equals(b.path())) {
      throw invalid(
          "The first operand must be distinct from the remaining operands for this operator or"
              + " function; operator: "
              + comparator.symbol
              + ", first operand: "
              + a.path().describe());
    }
    if (comparator != Comparator.EQ && comparator != Comparator.NE) {
      requireOrderedLiteral(comparator.symbol, left);
      requireOrderedLiteral(comparator.symbol, right);
    }
    return new ConditionNode.Compare(comparator, left, right);
  }

  private void requireOrderedLiteral(String operator, Operand operand) {
    Value literal = literal(operand);
    if (literal != null && !Values.isScalarOrdered(literal)) {
      throw incorrectOperandType(operator, literal.typeName());
    }
  }

  private ConditionNode between(Operand operand, Operand lower, Operand upper) {
    requireOrderedLiteral("BETWEEN", operand);
    requireOrderedLiteral("BETWEEN", lower);
    requireOrderedLiteral("BETWEEN", upper);
    Value low = literal(lower);
    Value high = literal(upper);
    if (low != null && high != null) {
      if (!ValueOrder.comparable(low, high)) {
        throw invalid(
            "The BETWEEN operator requires same data type for lower and upper bounds; lower bound"
                + " operand: AttributeValue: "
                + Values.describe(low)
                + ", upper bound operand: AttributeValue: "
                + Values.describe(high));
      }
      if (ValueOrder.compare(low, high) > 0) {
        throw invalid(
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound;"
                + " lower operand: AttributeValue: "
                + Values.describe(low)
                + ", upper operand: AttributeValue: "
                + Values.describe(high));
      }
    }
    return new ConditionNode.Between(operand, lower, upper);
  }

  private ConditionNode in(Operand operand) {
    List<Operand> candidates = new ArrayList<>(parseArguments(this::parseOperand));
    if (candidates.size() > MAX_IN_OPERANDS) {
      throw invalid(
          "The IN operator is provided with too many operands; number of operands: "
              + candidates.size());
    }
    return new ConditionNode.In(operand, List.copyOf(candidates));
  }
}
