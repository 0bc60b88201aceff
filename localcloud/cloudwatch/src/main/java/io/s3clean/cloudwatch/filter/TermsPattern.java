package io.s3clean.cloudwatch.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Terms matched anywhere in the message, case-sensitively: all plain terms must appear and no
 * {@code -term} may; with {@code ?term}s, any one of them is enough.
 */
final class TermsPattern extends FilterPattern {
  private static final Pattern BARE_TERM = Pattern.compile("[\\p{L}\\p{N}_]+");

  private enum Role {
    REQUIRED,
    EXCLUDED,
    OPTIONAL
  }

  private record Term(Role role, String phrase, Pattern regex) {
    boolean foundIn(String message) {
      return regex != null ? regex.matcher(message).find() : message.contains(phrase);
    }
  }

  private final List<Term> terms;

  private TermsPattern(String text, List<Term> terms) {
    super(text);
    this.terms = terms;
  }

  static FilterPattern read(String text) {
    PatternReader in = new PatternReader(text);
    List<Term> terms = new ArrayList<>();
    int firstOptional = -1;
    int firstOther = -1;
    while (true) {
      in.skipWhitespace();
      if (in.atEnd()) {
        break;
      }
      int start = in.pos;
      Role role = Role.REQUIRED;
      if (in.consume("?")) {
        role = Role.OPTIONAL;
      } else if (in.consume("-")) {
        role = Role.EXCLUDED;
        in.skipWhitespace(); // the older guide writes "ERROR" - "Exiting"
      }
      Term term = readTerm(in, role);
      if (role == Role.OPTIONAL && firstOptional < 0) {
        firstOptional = start;
      } else if (role != Role.OPTIONAL && firstOther < 0) {
        firstOther = start;
      }
      if (firstOptional >= 0 && firstOther >= 0) {
        throw in.error(
            "mixing ?terms with plain or -terms is not supported (the Logs docs define ?term"
                + " patterns as OR of the ?terms only)",
            Math.max(firstOptional, firstOther));
      }
      terms.add(term);
    }
    boolean matchesEverything =
        terms.stream()
            .allMatch(t -> t.role == Role.REQUIRED && t.regex == null && t.phrase.isBlank());
    if (matchesEverything) {
      // The Logs docs: the pattern " " (a quoted blank) matches every event.
      return new MatchAllPattern(text);
    }
    return new TermsPattern(text, List.copyOf(terms));
  }

  private static Term readTerm(PatternReader in, Role role) {
    if (in.atEnd()) {
      throw in.error("expected a term after '" + (role == Role.OPTIONAL ? "?" : "-") + "'");
    }
    if (in.peek() == '"') {
      return new Term(role, in.quoted(), null);
    }
    if (in.peek() == '%') {
      return new Term(role, null, in.regex());
    }
    int start = in.pos;
    while (!in.atEnd() && !Character.isWhitespace(in.peek())) {
      in.pos++;
    }
    String word = in.text.substring(start, in.pos);
    if (!BARE_TERM.matcher(word).matches()) {
      throw in.error(
          "term '"
              + word
              + "' has characters other than letters, digits and '_';"
              + " the Logs docs require such terms in double quotes",
          start);
    }
    return new Term(role, word, null);
  }

  @Override
  public Kind kind() {
    return Kind.TERMS;
  }

  @Override
  public Optional<PatternMatch> match(String message) {
    boolean anyOptional = terms.stream().anyMatch(t -> t.role == Role.OPTIONAL);
    boolean matched =
        anyOptional
            ? terms.stream().anyMatch(t -> t.foundIn(message))
            : terms.stream().allMatch(t -> t.foundIn(message) == (t.role == Role.REQUIRED));
    return matched ? Optional.of(PatternMatch.NO_FIELDS) : Optional.empty();
  }
}
