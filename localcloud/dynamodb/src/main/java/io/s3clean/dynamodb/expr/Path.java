package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A document path: a top-level attribute name, then map keys and list indexes, with placeholders
 * already resolved. {@code a.b[2]} is {@code [Key(a), Key(b), Index(2)]}.
 */
public record Path(List<Element> elements) {

  /** One step of a path. */
  public sealed interface Element permits Key, Index {}

  /** A map key (or, first in a path, a top-level attribute name). */
  public record Key(String name) implements Element {
    public Key {
      Objects.requireNonNull(name);
    }
  }

  /** A list index, from 0. */
  public record Index(int index) implements Element {
    public Index {
      if (index < 0) {
        throw new IllegalArgumentException("negative list index " + index);
      }
    }
  }

  public Path {
    elements = List.copyOf(elements);
    if (elements.isEmpty() || !(elements.get(0) instanceof Key)) {
      throw new IllegalArgumentException("a path starts with an attribute name: " + elements);
    }
  }

  /** The path of one top-level attribute. */
  public static Path of(String attributeName) {
    return new Path(List.of(new Key(attributeName)));
  }

  /** The top-level attribute the path starts at. */
  public String attributeName() {
    return ((Key) elements.get(0)).name();
  }

  /** Whether the path names a top-level attribute and nothing inside it. */
  public boolean isTopLevel() {
    return elements.size() == 1;
  }

  /** The value at this path in {@code item}; empty when any step of it is missing. */
  public Optional<Value> get(Map<String, Value> item) {
    return Optional.ofNullable(resolve(item));
  }

  /** Like {@link #get} without the allocation, for evaluation: null when missing. */
  Value resolve(Map<String, Value> item) {
    Value current = item.get(attributeName());
    for (int i = 1; i < elements.size() && current != null; i++) {
      current = child(current, elements.get(i));
    }
    return current;
  }

  /** The value one step below {@code parent}; null when missing or the step does not apply. */
  static Value child(Value parent, Element step) {
    if (step instanceof Key key) {
      return parent instanceof Value.M m ? m.value().get(key.name()) : null;
    }
    int index = ((Index) step).index();
    if (parent instanceof Value.L l && index < l.value().size()) {
      return l.value().get(index);
    }
    return null;
  }

  /** Whether this path equals {@code other} or lies inside it (or the other way round). */
  boolean overlaps(Path other) {
    int common = Math.min(elements.size(), other.elements.size());
    return elements.subList(0, common).equals(other.elements.subList(0, common));
  }

  /**
   * Whether the two paths first differ at a step that is a key in one and an index in the other:
   * one of them treats as a map what the other treats as a list.
   */
  boolean conflicts(Path other) {
    int common = Math.min(elements.size(), other.elements.size());
    for (int i = 0; i < common; i++) {
      Element mine = elements.get(i);
      Element theirs = other.elements.get(i);
      if (!mine.equals(theirs)) {
        return mine.getClass() != theirs.getClass();
      }
    }
    return false;
  }

  /** The form DynamoDB's error messages print a path in: {@code [a, b, [2]]}. */
  String describe() {
    List<String> parts = new ArrayList<>(elements.size());
    for (Element element : elements) {
      parts.add(element instanceof Key key ? key.name() : "[" + ((Index) element).index() + "]");
    }
    return "[" + String.join(", ", parts) + "]";
  }

  /** The path as an expression writes it, placeholders resolved: {@code a.b[2]}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Element element : elements) {
      if (element instanceof Key key) {
        if (text.length() > 0) {
          text.append('.');
        }
        text.append(key.name());
      } else {
        text.append('[').append(((Index) element).index()).append(']');
      }
    }
    return text.toString();
  }
}
