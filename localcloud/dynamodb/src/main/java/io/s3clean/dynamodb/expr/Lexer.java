package io.s3clean.dynamodb.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens. Whitespace only separates tokens; the list always ends with an
 * {@link Kind#EOF} token, so the parser can look ahead without bounds checks.
 */
final class Lexer {
  enum Kind {
    IDENT,
    NAME,
    VALUE,
    NUMBER,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    DOT,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    PLUS,
    MINUS,
    EOF
  }

  /** One token and where it lies in the expression, for the "near" of syntax errors. */
  record Token(Kind kind, String text, int start, int end) {
    boolean isKeyword(String keyword) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    /** The token as DynamoDB's syntax errors quote it. */
    String quoted() {
      return kind == Kind.EOF ? "<EOF>" : text;
    }
  }

  private Lexer() {}

  static List<Token> tokenize(String text, String parameter) {
    List<Token> tokens = new ArrayList<>();
    int length = text.length();
    int i = 0;
    while (i < length) {
      char c = text.charAt(i);
      int start = i;
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (isLetter(c)) {
        i = wordEnd(text, i + 1);
        tokens.add(new Token(Kind.IDENT, text.substring(start, i), start, i));
      } else if (c >= '0' && c <= '9') {
        while (i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, text.substring(start, i), start, i));
      } else if (c == '#' || c == ':') {
        i = wordEnd(text, i + 1);
        if (i == start + 1) {
          throw unexpected(text, tokens, start, parameter);
        }
        Kind kind = c == '#' ? Kind.NAME : Kind.VALUE;
        tokens.add(new Token(kind, text.substring(start, i), start, i));
      } else {
        Kind kind = punctuation(text, i);
        if (kind == null) {
          throw unexpected(text, tokens, start, parameter);
        }
        i += kind == Kind.NE || kind == Kind.LE || kind == Kind.GE ? 2 : 1;
        tokens.add(new Token(kind, text.substring(start, i), start, i));
      }
    }
    tokens.add(new Token(Kind.EOF, "", length, length));
    return tokens;
  }

  private static Kind punctuation(String text, int i) {
    char c = text.charAt(i);
    char after = i + 1 < text.length() ? text.charAt(i + 1) : 0;
    switch (c) {
      case '(':
        return Kind.LPAREN;
      case ')':
        return Kind.RPAREN;
      case '[':
        return Kind.LBRACKET;
      case ']':
        return Kind.RBRACKET;
      case ',':
        return Kind.COMMA;
      case '.':
        return Kind.DOT;
      case '=':
        return Kind.EQ;
      case '+':
        return Kind.PLUS;
      case '-':
        return Kind.MINUS;
      case '<':
        return after == '>' ? Kind.NE : after == '=' ? Kind.LE : Kind.LT;
      case '>':
        return after == '=' ? Kind.GE : Kind.GT;
      default:
        return null;
    }
  }

  private static int wordEnd(String text, int i) {
    while (i < text.length() && isWordChar(text.charAt(i))) {
      i++;
    }
    return i;
  }

  // ASCII only: any other character in a name needs an ExpressionAttributeNames placeholder.
  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordChar(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '_';
  }

  private static RuntimeException unexpected(
      String text, List<Token> tokens, int at, String parameter) {
    int nearStart = tokens.isEmpty() ? at : tokens.get(tokens.size() - 1).start();
    int tokenEnd =
        Character.isHighSurrogate(text.charAt(at)) && at + 1 < text.length() ? at + 2 : at + 1;
    return ExpressionParser.syntaxError(
        parameter, text.substring(at, tokenEnd), text.substring(nearStart, tokenEnd));
  }
}
