package io.s3clean.cloudwatch.filter;

import java.util.regex.Pattern;

/** A cursor over a filter pattern's text with the lexical pieces the three pattern kinds share. */
final class PatternReader {
  // CloudWatch Logs "Supported regular expressions (regex) syntax": alphanumerics, the symbols
  // : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \ * + . ; no parentheses.
  private static final Pattern REGEX_CHARACTERS =
      Pattern.compile("[\\p{Alnum}:_#=@/;,\\-^$?\\[\\]{}|\\\\*+.]+");

  final String text;
  int pos;

  PatternReader(String text) {
    this.text = text;
  }

  boolean atEnd() {
    return pos >= text.length();
  }

  char peek() {
    return text.charAt(pos);
  }

  boolean startsWith(String token) {
    return text.startsWith(token, pos);
  }

  boolean consume(String token) {
    if (startsWith(token)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  void skipWhitespace() {
    while (!atEnd() && Character.isWhitespace(peek())) {
      pos++;
    }
  }

  void expect(String token) {
    skipWhitespace();
    if (!consume(token)) {
      throw error("expected '" + token + "' but found " + found());
    }
  }

  String found() {
    if (atEnd()) {
      return "the end of the pattern";
    }
    int end = pos;
    while (end < text.length() && end < pos + 12 && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return "'" + text.substring(pos, Math.max(end, pos + 1)) + "'";
  }

  FilterPatternException error(String problem) {
    return error(problem, pos);
  }

  FilterPatternException error(String problem, int at) {
    return new FilterPatternException(text, at, problem);
  }

  /** Reads a word of letters (keywords such as IS, NOT, NULL) without consuming it. */
  String peekWord() {
    int end = pos;
    while (end < text.length() && Character.isLetter(text.charAt(end))) {
      end++;
    }
    return text.substring(pos, end);
  }

  /** A double-quoted string; backslash escapes the next character. The cursor is on the quote. */
  String quoted() {
    int start = pos;
    pos++;
    StringBuilder value = new StringBuilder();
    while (!atEnd()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return value.toString();
      }
      if (c == '\\' && !atEnd()) {
        c = text.charAt(pos++);
      }
      value.append(c);
    }
    throw error("unterminated quoted string", start);
  }

  /** A {@code %regex%} term; the cursor is on the opening percent sign. */
  Pattern regex() {
    int start = pos;
    int close = text.indexOf('%', pos + 1);
    if (close < 0) {
      throw error("unterminated regular expression (expected a closing '%')", start);
    }
    String body = text.substring(pos + 1, close);
    if (body.isEmpty()) {
      throw error("empty regular expression", start);
    }
    for (int i = 0; i < body.length(); i++) {
      String character = body.substring(i, i + 1);
      if (!REGEX_CHARACTERS.matcher(character).matches()) {
        throw error(
            "regular expression uses '"
                + character
                + "', which CloudWatch Logs regex does not"
                + " support (no parentheses, no spaces; see 'Supported regular expressions (regex)"
                + " syntax')",
            pos + 1 + i);
      }
    }
    pos = close + 1;
    try {
      return Pattern.compile(body);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw error("invalid regular expression: " + e.getDescription(), start);
    }
  }
}
