package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.value.Value;
import java.util.Map;

/** An operand of a condition: a document path, a {@code :value}, or {@code size(path)}. */
sealed interface Operand permits Operand.PathRef, Operand.Literal, Operand.Size {

  /** The operand's value for {@code item}; null when it has none (a missing attribute). */
  Value evaluate(Map<String, Value> item);

  record PathRef(Path path) implements Operand {
    @Override
    public Value evaluate(Map<String, Value> item) {
      return path.resolve(item);
    }
  }

  record Literal(String placeholder, Value value) implements Operand {
    @Override
    public Value evaluate(Map<String, Value> item) {
      return value;
    }
  }

  record Size(Path path) implements Operand {
    @Override
    public Value evaluate(Map<String, Value> item) {
      Value value = path.resolve(item);
      return value == null ? null : Values.size(value);
    }
  }
}
