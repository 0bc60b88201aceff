package io.s3clean.dynamodb.expr;

import io.s3clean.dynamodb.value.Bytes;
import io.s3clean.dynamodb.value.ItemSize;
import io.s3clean.dynamodb.value.Numbers;
import io.s3clean.dynamodb.value.Value;
import io.s3clean.dynamodb.value.ValueOrder;
import java.math.BigDecimal;
import java.util.List;

/** The value operations expressions need: comparison, functions, and the wording of errors. */
final class Values {
  private Values() {}

  /** {@code a < b} and friends: only between two values of one ordered scalar type. */
  static boolean ordered(Value a, Value b) {
    return a != null && b != null && ValueOrder.comparable(a, b);
  }

  static boolean isScalarOrdered(Value value) {
    return value instanceof Value.S || value instanceof Value.N || value instanceof Value.B;
  }

  static boolean isSet(Value value) {
    return value instanceof Value.SS || value instanceof Value.NS || value instanceof Value.BS;
  }

  /** begins_with: a string or binary prefix of the same type. */
  static boolean beginsWith(Value value, Value prefix) {
    if (value instanceof Value.S s && prefix instanceof Value.S p) {
      return s.value().startsWith(p.value());
    }
    if (value instanceof Value.B b && prefix instanceof Value.B p) {
      return b.value().startsWith(p.value());
    }
    return false;
  }

  /** contains: a substring, a member of a set of the operand's type, or an element of a list. */
  static boolean contains(Value container, Value operand) {
    if (container == null || operand == null) {
      return false;
    }
    if (container instanceof Value.S s) {
      return operand instanceof Value.S part && s.value().contains(part.value());
    }
    if (container instanceof Value.B b) {
      return operand instanceof Value.B part && b.value().contains(part.value());
    }
    if (container instanceof Value.SS ss) {
      return operand instanceof Value.S member && ss.value().contains(member.value());
    }
    if (container instanceof Value.NS ns) {
      return operand instanceof Value.N member
          && ns.value().contains(Numbers.canonical(member.value()));
    }
    if (container instanceof Value.BS bs) {
      return operand instanceof Value.B member && bs.value().contains(member.value());
    }
    if (container instanceof Value.L l) {
      return l.value().contains(operand);
    }
    return false;
  }

  /**
   * size(): a string's length in UTF-8 bytes (the guide gives the size "in bytes"), binary's
   * length, the member count of a set, list or map; null (no size) for numbers, BOOL and NULL.
   */
  static Value size(Value value) {
    int size;
    if (value instanceof Value.S s) {
      size = ItemSize.utf8Length(s.value());
    } else if (value instanceof Value.B b) {
      size = b.value().length();
    } else if (value instanceof Value.SS ss) {
      size = ss.value().size();
    } else if (value instanceof Value.NS ns) {
      size = ns.value().size();
    } else if (value instanceof Value.BS bs) {
      size = bs.value().size();
    } else if (value instanceof Value.L l) {
      size = l.value().size();
    } else if (value instanceof Value.M m) {
      size = m.value().size();
    } else {
      return null;
    }
    return Value.n(size);
  }

  /** A value as DynamoDB's messages print one: {@code {N:5}}, {@code {S:abc}}. */
  static String describe(Value value) {
    return "{" + value.typeName() + ":" + body(value) + "}";
  }

  private static String body(Value value) {
    if (value instanceof Value.S s) {
      return s.value();
    } else if (value instanceof Value.N n) {
      return n.text();
    } else if (value instanceof Value.B b) {
      return b.value().base64();
    } else if (value instanceof Value.Bool b) {
      return Boolean.toString(b.value());
    } else if (value instanceof Value.Null) {
      return "true";
    } else if (value instanceof Value.SS ss) {
      return String.join(",", ss.value());
    } else if (value instanceof Value.NS ns) {
      StringBuilder text = new StringBuilder();
      for (BigDecimal member : ns.value()) {
        text.append(text.length() == 0 ? "" : ",").append(Numbers.format(member));
      }
      return text.toString();
    } else if (value instanceof Value.BS bs) {
      StringBuilder text = new StringBuilder();
      for (Bytes member : bs.value()) {
        text.append(text.length() == 0 ? "" : ",").append(member.base64());
      }
      return text.toString();
    } else if (value instanceof Value.L l) {
      List<Value> elements = l.value();
      StringBuilder text = new StringBuilder();
      for (Value element : elements) {
        text.append(text.length() == 0 ? "" : ",").append(describe(element));
      }
      return text.toString();
    }
    return ((Value.M) value).value().toString();
  }

  /** The type names of ADD's and DELETE's operand errors: STRING, NUMBER SET, ... */
  static String humanType(Value value) {
    switch (value.typeName()) {
      case "S":
        return "STRING";
      case "N":
        return "NUMBER";
      case "B":
        return "BINARY";
      case "BOOL":
        return "BOOLEAN";
      case "NULL":
        return "NULL";
      case "M":
        return "MAP";
      case "L":
        return "LIST";
      case "SS":
        return "STRING SET";
      case "NS":
        return "NUMBER SET";
      default:
        return "BINARY SET";
    }
  }
}
