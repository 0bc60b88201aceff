package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.expr.Lexer.Kind;
import io.s3clean.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ProjectionExpression (or AttributesToGet): the attributes, and parts of attributes, to return.
 * Nested paths keep the structure above them: {@code a.b} returns {@code {a: {b: ...}}}, and list
 * elements projected come back as a list of those elements alone, in index order.
 */
public final class Projection {
  private final List<Path> paths;
  private final Node root = new Node();

  private Projection(List<Path> paths) {
    this.paths = List.copyOf(paths);
    for (Path path : paths) {
      Node node = root;
      for (Path.Element element : path.elements()) {
        if (node.whole) {
          break; // an enclosing path already keeps all of it
        }
        node = node.child(element);
      }
      node.whole = true;
      node.keys.clear();
      node.indexes.clear();
    }
  }

  public static Projection parse(String expression, ExpressionContext context) {
    Parser parser = new Parser(expression, context);
    return new Projection(parser.parse());
  }

  /** A projection of paths already known, such as the names of AttributesToGet. */
  public static Projection of(List<Path> paths) {
    return new Projection(paths);
  }

  public List<Path> paths() {
    return paths;
  }

  /** The parts of {@code item} the projection keeps; {@code item} itself is not changed. */
  public Map<String, Value> apply(Map<String, Value> item) {
    Map<String, Value> result = new LinkedHashMap<>();
    for (Map.Entry<String, Node> attribute : root.keys.entrySet()) {
      Value value = item.get(attribute.getKey());
      Value kept = value == null ? null : project(value, attribute.getValue());
      if (kept != null) {
        result.put(attribute.getKey(), kept);
      }
    }
    return result;
  }

  /** The part of {@code value} under {@code node}; null when nothing of it is kept. */
  private static Value project(Value value, Node node) {
    if (node.whole) {
      return value;
    }
    if (value instanceof Value.M m && !node.keys.isEmpty()) {
      Map<String, Value> kept = new LinkedHashMap<>();
      for (Map.Entry<String, Node> entry : node.keys.entrySet()) {
        Value child = m.value().get(entry.getKey());
        Value projected = child == null ? null : project(child, entry.getValue());
        if (projected != null) {
          kept.put(entry.getKey(), projected);
        }
      }
      return kept.isEmpty() ? null : new Value.M(kept);
    }
    if (value instanceof Value.L l && !node.indexes.isEmpty()) {
      List<Value> kept = new ArrayList<>();
      for (Map.Entry<Integer, Node> entry : node.indexes.entrySet()) {
        if (entry.getKey() < l.value().size()) {
          Value projected = project(l.value().get(entry.getKey()), entry.getValue());
          if (projected != null) {
            kept.add(projected);
          }
        }
      }
      return kept.isEmpty() ? null : new Value.L(kept);
    }
    return null;
  }

  /** A trie of the projected paths: map keys and list indexes below one step. */
  private static final class Node {
    boolean whole;
    final Map<String, Node> keys = new LinkedHashMap<>();
    final Map<Integer, Node> indexes = new TreeMap<>();

    Node child(Path.Element element) {
      if (element instanceof Path.Key key) {
        return keys.computeIfAbsent(key.name(), k -> new Node());
      }
      return indexes.computeIfAbsent(((Path.Index) element).index(), k -> new Node());
    }
  }

  private static final class Parser extends ExpressionParser {
    Parser(String expression, ExpressionContext context) {
      super(expression, context, "ProjectionExpression");
    }

    List<Path> parse() {
      List<Path> paths = new ArrayList<>();
      paths.add(parsePath());
      while (at(Kind.COMMA)) {
        next();
        paths.add(parsePath());
      }
      expectEnd();
      refuseOverlaps(paths);
      return paths;
    }
  }
}
