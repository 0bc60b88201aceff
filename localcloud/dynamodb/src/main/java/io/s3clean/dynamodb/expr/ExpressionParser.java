package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.DynamoDbException;
import io.s3clean.dynamodb.expr.Lexer.Kind;
import io.s3clean.dynamodb.expr.Lexer.Token;
import io.s3clean.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every expression's recursive-descent parser shares: the token cursor, document paths,
 * placeholders, and DynamoDB's wording of refusals ("Invalid &lt;Parameter&gt;: ...").
 */
abstract class ExpressionParser {
  /** DynamoDB refuses document paths nested deeper than this. */
  static final int MAX_PATH_DEPTH = 32;

  /** The words the condition grammar itself uses: never an attribute name, even by mistake. */
  private static final Set<String> GRAMMAR_WORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");

  final String expression;
  final String parameter;
  final ExpressionContext context;
  private final List<Token> tokens;
  private int position;

  ExpressionParser(String expression, ExpressionContext context, String parameter) {
    this.parameter = parameter;
    if (expression == null || expression.isBlank()) {
      throw invalid(parameter, "The expression can not be empty;");
    }
    this.expression = expression;
    this.context = context;
    this.tokens = Lexer.tokenize(expression, parameter);
  }

  static DynamoDbException invalid(String parameter, String detail) {
    return DynamoDbException.validation("Invalid " + parameter + ": " + detail);
  }

  static DynamoDbException syntaxError(String parameter, String token, String near) {
    return invalid(parameter, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
  }

  final DynamoDbException invalid(String detail) {
    return invalid(parameter, detail);
  }

  /** A syntax error at the token under the cursor, quoting it with its neighbours. */
  final DynamoDbException unexpected() {
    return unexpectedAt(position);
  }

  final DynamoDbException unexpectedAt(int index) {
    Token token = tokens.get(index);
    int start = index > 0 ? tokens.get(index - 1).start() : token.start();
    Token after = index + 1 < tokens.size() ? tokens.get(index + 1) : token;
    int end = after.kind() == Kind.EOF ? token.end() : after.end();
    return syntaxError(parameter, token.quoted(), expression.substring(start, end));
  }

  final Token peek() {
    return tokens.get(position);
  }

  final Token peek(int ahead) {
    return tokens.get(Math.min(position + ahead, tokens.size() - 1));
  }

  final int position() {
    return position;
  }

  final boolean at(Kind kind) {
    return peek().kind() == kind;
  }

  final boolean atKeyword(String keyword) {
    return peek().isKeyword(keyword);
  }

  final Token next() {
    Token token = tokens.get(position);
    if (token.kind() != Kind.EOF) {
      position++;
    }
    return token;
  }

  final Token expect(Kind kind) {
    if (!at(kind)) {
      throw unexpected();
    }
    return next();
  }

  final void expectEnd() {
    if (!at(Kind.EOF)) {
      throw unexpected();
    }
  }

  /** Whether the cursor is at {@code name(}: a function call rather than a path. */
  final boolean atFunctionCall() {
    return at(Kind.IDENT) && peek(1).kind() == Kind.LPAREN;
  }

  /** {@code name}, {@code #name}, then any of {@code .name}, {@code .#name}, {@code [n]}. */
  final Path parsePath() {
    List<Path.Element> elements = new ArrayList<>();
    elements.add(new Path.Key(parseName()));
    while (at(Kind.DOT) || at(Kind.LBRACKET)) {
      if (next().kind() == Kind.DOT) {
        elements.add(new Path.Key(parseName()));
      } else {
        Token number = peek();
        if (number.kind() != Kind.NUMBER) {
          throw unexpected();
        }
        int index;
        try {
          index = Integer.parseInt(number.text());
        } catch (NumberFormatException e) {
          throw unexpected();
        }
        next();
        expect(Kind.RBRACKET);
        elements.add(new Path.Index(index));
      }
      if (elements.size() > MAX_PATH_DEPTH) {
        throw invalid(
            "The document path has too many nesting levels; nesting levels: " + elements.size());
      }
    }
    return new Path(elements);
  }

  private String parseName() {
    Token token = peek();
    if (token.kind() == Kind.NAME) {
      next();
      String name = context.name(token.text());
      if (name == null) {
        throw invalid(
            "An expression attribute name used in the document path is not defined; attribute"
                + " name: "
                + token.text());
      }
      return name;
    }
    if (token.kind() != Kind.IDENT
        || GRAMMAR_WORDS.contains(token.text().toUpperCase(java.util.Locale.ROOT))) {
      throw unexpected();
    }
    if (ReservedWords.contains(token.text())) {
      throw invalid("Attribute name is a reserved keyword; reserved keyword: " + token.text());
    }
    next();
    return token.text();
  }

  /** {@code :name}, resolved. */
  final Operand.Literal parseValue() {
    Token token = expect(Kind.VALUE);
    Value value = context.value(token.text());
    if (value == null) {
      throw invalid(
          "An expression attribute value used in expression is not defined; attribute value: "
              + token.text());
    }
    return new Operand.Literal(token.text(), value);
  }

  /**
   * {@code ( operand, operand, ... )} after a function name; the count is checked by the caller.
   */
  final <T> List<T> parseArguments(java.util.function.Supplier<T> argument) {
    expect(Kind.LPAREN);
    List<T> arguments = new ArrayList<>();
    arguments.add(argument.get());
    while (at(Kind.COMMA)) {
      next();
      arguments.add(argument.get());
    }
    expect(Kind.RPAREN);
    return arguments;
  }

  final void requireArity(String function, List<?> arguments, int arity) {
    if (arguments.size() != arity) {
      throw invalid(
          "Incorrect number of operands for operator or function; operator or function: "
              + function
              + ", number of operands: "
              + arguments.size());
    }
  }

  final DynamoDbException incorrectOperandType(String function, String type) {
    return invalid(
        "Incorrect operand type for operator or function; operator or function: "
            + function
            + ", operand type: "
            + type);
  }

  final DynamoDbException requiresPath(String function) {
    return invalid(
        "Operator or function requires a document path; operator or function: " + function);
  }

  /**
   * Refuses two paths of one expression that overlap (one inside the other, or equal) or conflict
   * (one indexes as a list what the other keys as a map), with DynamoDB's message.
   */
  final void refuseOverlaps(List<Path> paths) {
    for (int i = 0; i < paths.size(); i++) {
      for (int j = i + 1; j < paths.size(); j++) {
        Path one = paths.get(i);
        Path two = paths.get(j);
        String problem = one.overlaps(two) ? "overlap" : one.conflicts(two) ? "conflict" : null;
        if (problem != null) {
          throw invalid(
              "Two document paths "
                  + problem
                  + " with each other; must remove or rewrite one of these paths; path one: "
                  + one.describe()
                  + ", path two: "
                  + two.describe());
        }
      }
    }
  }
}
