package io.s3clean.localcloud.cloudwatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.endpoint.AwsResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two document protocols, which differ only in their encoding and in how the operation is
 * named. Smithy RPC v2 CBOR: {@code POST /service/GraniteServiceVersion20100801/operation/<Op>},
 * header {@code smithy-protocol: rpc-v2-cbor}, timestamps as tag 1 (epoch seconds). JSON 1.0:
 * {@code X-Amz-Target: GraniteServiceVersion20100801.<Op>}, timestamps as epoch-second numbers.
 * Errors carry {@code __type} and {@code message}, and, CloudWatch being query-compatible, the
 * query code in {@code x-amzn-query-error}.
 */
final class DocumentCodec implements CloudWatchCodec {
  private static final Pattern CBOR_PATH = Pattern.compile("/service/([^/]+)/operation/([^/]+)");
  private static final String TYPE_PREFIX = "com.amazonaws.cloudwatch#";

  private final boolean cbor;
  private final ObjectMapper mapper;
  private final String contentType;

  private DocumentCodec(boolean cbor, JsonFactory factory, String contentType) {
    this.cbor = cbor;
    this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.contentType = contentType;
  }

  static DocumentCodec cbor() {
    return new DocumentCodec(true, new CBORFactory(), "application/cbor");
  }

  static DocumentCodec json() {
    return new DocumentCodec(false, new JsonFactory(), "application/x-amz-json-1.0");
  }

  @Override
  public String operation(AwsRequest request) {
    if (cbor) {
      Matcher m = CBOR_PATH.matcher(request.path());
      if (!m.matches() || !m.group(1).equals(SERVICE)) {
        throw CloudWatchException.unknownOperation(request.path());
      }
      return m.group(2);
    }
    String target = request.header("x-amz-target").orElse("");
    if (!target.startsWith(SERVICE + ".")) {
      throw CloudWatchException.unknownOperation(target);
    }
    return target.substring(SERVICE.length() + 1);
  }

  @Override
  public Input input(AwsRequest request) {
    if (request.body().length == 0) {
      return Input.of(null);
    }
    JsonNode root;
    try {
      root = mapper.readTree(request.body());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw CloudWatchException.serialization(
          "The request body is not valid "
              + (cbor ? "CBOR" : "JSON")
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root != null && !root.isObject() && !root.isNull()) {
      throw CloudWatchException.serialization(
          "The request body must be a "
              + (cbor ? "CBOR map" : "JSON object")
              + ", was "
              + root.getNodeType());
    }
    return Input.of(root);
  }

  @Override
  public AwsResponse output(String operation, Map<String, Object> output) {
    if (output == null) {
      // Smithy RPC v2: an operation without output answers without a body; JSON services send {}
      return cbor
          ? new AwsResponse(200, headers(null), new byte[0])
          : response(200, Map.of(), null);
    }
    return response(200, output, null);
  }

  @Override
  public AwsResponse error(CloudWatchException error) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("__type", TYPE_PREFIX + error.shape());
    body.put("message", error.getMessage());
    return response(error.status(), body, error.code() + ";" + error.faultType());
  }

  private AwsResponse response(int status, Map<String, Object> body, String queryError) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator generator = mapper.getFactory().createGenerator(bytes)) {
      write(generator, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, List<String>> headers = headers(queryError);
    headers.put("Content-Type", List.of(contentType));
    return new AwsResponse(status, headers, bytes.toByteArray());
  }

  private Map<String, List<String>> headers(String queryError) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    if (cbor) {
      headers.put("smithy-protocol", List.of("rpc-v2-cbor"));
    }
    headers.put("x-amzn-RequestId", List.of(UUID.randomUUID().toString()));
    if (queryError != null) {
      headers.put("x-amzn-query-error", List.of(queryError));
    }
    return headers;
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        generator.writeFieldName(entry.getKey().toString());
        write(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (Object item : list) {
        write(generator, item);
      }
      generator.writeEndArray();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Boolean bool) {
      generator.writeBoolean(bool);
    } else if (value instanceof Integer || value instanceof Long) {
      generator.writeNumber(((Number) value).longValue());
    } else if (value instanceof Number number) {
      generator.writeNumber(number.doubleValue());
    } else if (value instanceof Instant instant) {
      if (generator instanceof CBORGenerator cborGenerator) {
        cborGenerator.writeTag(1); // epoch-based date/time
      }
      if (instant.getNano() == 0) {
        generator.writeNumber(instant.getEpochSecond());
      } else {
        generator.writeNumber(
            BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano(), 9))
                .doubleValue());
      }
    } else {
      throw new IllegalArgumentException("no wire form for " + value.getClass());
    }
  }
}
