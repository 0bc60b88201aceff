package io.s3clean.localcloud.iam;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3clean.localcloud.endpoint.AwsRequest;
import io.s3clean.localcloud.s3.S3Address;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM actions and resources AWS checks for a request as it arrives at the endpoint, whatever
 * client sent it, per the service authorisation reference: e.g. HeadObject needs s3:GetObject, a
 * TransactWriteItems the item action of every item it writes on its table (there is no
 * TransactWriteItems action), SendMessageBatch sqs:SendMessage. An action this table does not name
 * is its service's action of the same name on every resource ({@code *}).
 */
public final class WireAuthorizations {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern QUEUE_URL = Pattern.compile("https?://[^/]+/(\\d{12})/([^/?]+)");

  /** A key of DeleteObjects' XML, with or without a namespace prefix, line breaks and all. */
  private static final Pattern DELETE_OBJECT =
      Pattern.compile("<(?:[\\w.-]+:)?Object>(.*?)</(?:[\\w.-]+:)?Object>", Pattern.DOTALL);

  private static final Pattern DELETE_KEY =
      Pattern.compile("<(?:[\\w.-]+:)?Key>(.*?)</(?:[\\w.-]+:)?Key>", Pattern.DOTALL);
  private static final Pattern DELETE_VERSION =
      Pattern.compile("<(?:[\\w.-]+:)?VersionId>", Pattern.DOTALL);

  private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9A-Fa-f]+);");

  private final String region;
  private final String accountId;

  public WireAuthorizations(String region, String accountId) {
    this.region = region;
    this.accountId = accountId;
  }

  /** What {@code request}, signed for {@code service}, needs allowed. */
  public List<AccessRequest> of(String service, AwsRequest request) {
    return switch (service) {
      case "dynamodb" -> dynamoDb(request);
      case "s3" -> s3(request);
      case "sqs" -> sqs(request);
      case "sns" -> sns(request);
      case "monitoring" -> cloudWatch(request);
      case "lambda" -> lambda(request);
      case "sts" -> sts(request);
      default -> List.of(new AccessRequest(service + ":" + request.operation(), "*"));
    };
  }

  /** GetCallerIdentity needs no permission; AssumeRole is checked on the role. */
  private static List<AccessRequest> sts(AwsRequest request) {
    String action = request.operation();
    if (action.equals("GetCallerIdentity")) {
      return List.of();
    }
    return List.of(new AccessRequest("sts:" + action, form(request).getOrDefault("RoleArn", "*")));
  }

  /**
   * A query-protocol body's members; none for a body of another protocol (JSON may hold a stray %).
   */
  private static Map<String, String> form(AwsRequest request) {
    boolean form =
        request
            .header("content-type")
            .filter(type -> type.startsWith("application/x-www-form-urlencoded"))
            .isPresent();
    try {
      return form ? request.formBody() : Map.of();
    } catch (IllegalArgumentException e) {
      return Map.of(); // the service answers a body it cannot read
    }
  }

  private List<AccessRequest> dynamoDb(AwsRequest request) {
    String operation = request.operation();
    DynamoNames names = DynamoNames.of(request.body());
    List<AccessRequest> needed = new ArrayList<>();
    switch (operation) {
      case "BatchGetItem", "BatchWriteItem" ->
          names.requestItems().forEach(table -> needed.add(dynamo(operation, table)));
      case "TransactGetItems", "TransactWriteItems" ->
          names
              .transactItems()
              .forEach(
                  item ->
                      needed.add(
                          dynamo(
                              switch (item.kind()) {
                                case "Get" -> "GetItem";
                                case "Put" -> "PutItem";
                                case "Update" -> "UpdateItem";
                                case "Delete" -> "DeleteItem";
                                default -> "ConditionCheckItem";
                              },
                              item.table())));
      case "ListTables" -> needed.add(new AccessRequest("dynamodb:ListTables", "*"));
      default ->
          needed.add(
              new AccessRequest(
                  "dynamodb:" + operation,
                  tableArn(names.table())
                      + (names.index().isEmpty() ? "" : "/index/" + names.index())));
    }
    return needed;
  }

  /**
   * The names a DynamoDB request's authorisation depends on, read as a stream that skips the items:
   * the engine parses the whole body again, and an item can be 400 KB.
   */
  private record DynamoNames(
      String table, String index, List<String> requestItems, List<TransactItem> transactItems) {
    record TransactItem(String kind, String table) {}

    static DynamoNames of(byte[] body) {
      String table = "";
      String index = "";
      List<String> requestItems = new ArrayList<>();
      List<TransactItem> transactItems = new ArrayList<>();
      try (JsonParser parser = JSON.getFactory().createParser(body)) {
        if (parser.nextToken() == JsonToken.START_OBJECT) {
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.getCurrentName();
            JsonToken value = parser.nextToken();
            switch (field) {
              case "TableName" -> table = value == JsonToken.VALUE_STRING ? parser.getText() : "";
              case "IndexName" -> index = value == JsonToken.VALUE_STRING ? parser.getText() : "";
              case "RequestItems" -> {
                if (value == JsonToken.START_OBJECT) {
                  while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    requestItems.add(parser.getCurrentName());
                    parser.nextToken();
                    parser.skipChildren();
                  }
                } else {
                  parser.skipChildren();
                }
              }
              case "TransactItems" -> {
                if (value == JsonToken.START_ARRAY) {
                  readTransactItems(parser, transactItems);
                } else {
                  parser.skipChildren();
                }
              }
              default -> parser.skipChildren();
            }
          }
        }
      } catch (IOException e) {
        // the service answers a body it cannot read; what was read is what is checked
      }
      return new DynamoNames(table, index, requestItems, transactItems);
    }

    /**
     * Each element's one member (Put, Update, Delete, ConditionCheck, Get) and the TableName in it.
     */
    private static void readTransactItems(JsonParser parser, List<TransactItem> items)
        throws IOException {
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String kind = parser.getCurrentName();
          if (parser.nextToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            continue;
          }
          String table = "";
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String member = parser.getCurrentName();
            JsonToken value = parser.nextToken();
            if (member.equals("TableName") && value == JsonToken.VALUE_STRING) {
              table = parser.getText();
            } else {
              parser.skipChildren();
            }
          }
          items.add(new TransactItem(kind, table));
        }
      }
    }
  }

  private List<AccessRequest> s3(AwsRequest request) {
    S3Address address = S3Address.of(request);
    if (address.bucket().isEmpty()) {
      return List.of(new AccessRequest("s3:ListAllMyBuckets", "*"));
    }
    String bucket = address.bucketArn();
    Map<String, String> query = request.queryParameters();
    String method = request.method();
    if (address.onBucket()) {
      if (method.equals("POST") && query.containsKey("delete")) {
        return deleteObjects(bucket, request);
      }
      if (method.equals("GET") && query.containsKey("versions")) {
        return List.of(new AccessRequest("s3:ListBucketVersions", bucket));
      }
      if (method.equals("GET") && S3Address.listsObjects(query) || method.equals("HEAD")) {
        return List.of(new AccessRequest("s3:ListBucket", bucket));
      }
      if (query.isEmpty() && (method.equals("PUT") || method.equals("DELETE"))) {
        return List.of(
            new AccessRequest(
                method.equals("PUT") ? "s3:CreateBucket" : "s3:DeleteBucket", bucket));
      }
      if (query.containsKey("lifecycle")) {
        // DeleteBucketLifecycle is authorised as s3:PutLifecycleConfiguration
        return List.of(
            new AccessRequest(
                method.equals("GET")
                    ? "s3:GetLifecycleConfiguration"
                    : "s3:PutLifecycleConfiguration",
                bucket));
      }
      String subresource = query.keySet().stream().findFirst().orElse("");
      return List.of(
          new AccessRequest(
              "s3:"
                  + (method.equals("GET") ? "Get" : method.equals("DELETE") ? "Delete" : "Put")
                  + "Bucket"
                  + Character.toUpperCase(subresource.isEmpty() ? 'x' : subresource.charAt(0))
                  + (subresource.length() > 1 ? subresource.substring(1) : ""),
              bucket));
    }
    String object = address.objectArn();
    String version = query.containsKey("versionId") ? "Version" : "";
    for (String subresource : List.of("acl", "tagging")) {
      if (query.containsKey(subresource)) {
        String name = subresource.equals("acl") ? "Acl" : "Tagging";
        return List.of(
            new AccessRequest(
                "s3:"
                    + (method.equals("GET") ? "Get" : method.equals("DELETE") ? "Delete" : "Put")
                    + "Object"
                    + version
                    + name,
                object));
      }
    }
    if (query.containsKey("uploadId") && !method.equals("PUT") && !method.equals("POST")) {
      return List.of(
          new AccessRequest(
              method.equals("DELETE") ? "s3:AbortMultipartUpload" : "s3:ListMultipartUploadParts",
              object));
    }
    return switch (method) {
      case "GET", "HEAD" -> List.of(new AccessRequest("s3:GetObject" + version, object));
      case "DELETE" -> List.of(new AccessRequest("s3:DeleteObject" + version, object));
      // PUT, a copy (PUT with x-amz-copy-source), and multipart uploads' POSTs and PUTs
      default ->
          request
              .header("x-amz-copy-source")
              .map(
                  source ->
                      List.of(
                          new AccessRequest("s3:PutObject", object),
                          new AccessRequest(
                              "s3:GetObject",
                              "arn:aws:s3:::"
                                  + URLDecoder.decode(
                                          source.startsWith("/") ? source.substring(1) : source,
                                          StandardCharsets.UTF_8)
                                      .replaceAll("\\?versionId=.*$", ""))))
              .orElse(List.of(new AccessRequest("s3:PutObject", object)));
    };
  }

  /**
   * DeleteObjects is authorised on each object it names, in the bucket of {@code bucketArn}: as
   * s3:DeleteObject, or s3:DeleteObjectVersion for an entry that names a version.
   */
  private static List<AccessRequest> deleteObjects(String bucketArn, AwsRequest request) {
    Matcher object = DELETE_OBJECT.matcher(new String(request.body(), StandardCharsets.UTF_8));
    List<AccessRequest> needed = new ArrayList<>();
    while (object.find()) {
      Matcher key = DELETE_KEY.matcher(object.group(1));
      if (key.find()) {
        String action =
            DELETE_VERSION.matcher(object.group(1)).find()
                ? "s3:DeleteObjectVersion"
                : "s3:DeleteObject";
        needed.add(new AccessRequest(action, bucketArn + "/" + xmlText(key.group(1))));
      }
    }
    return needed.isEmpty()
        ? List.of(new AccessRequest("s3:DeleteObject", bucketArn + "/*"))
        : needed;
  }

  private List<AccessRequest> sqs(AwsRequest request) {
    String action = request.operation();
    String iamAction =
        switch (action) {
          case "SendMessageBatch" -> "SendMessage";
          case "DeleteMessageBatch" -> "DeleteMessage";
          case "ChangeMessageVisibilityBatch" -> "ChangeMessageVisibility";
          default -> action;
        };
    JsonNode body = json(request);
    Map<String, String> form = form(request);
    String url = body.path("QueueUrl").asText(form.getOrDefault("QueueUrl", ""));
    Matcher queue = QUEUE_URL.matcher(url);
    String name =
        action.equals("CreateQueue") || action.equals("GetQueueUrl")
            ? body.path("QueueName").asText(form.getOrDefault("QueueName", ""))
            : null;
    String resource =
        queue.find()
            ? "arn:aws:sqs:" + region + ":" + queue.group(1) + ":" + queue.group(2)
            : name != null && !name.isEmpty()
                ? "arn:aws:sqs:" + region + ":" + accountId + ":" + name
                : "*";
    return List.of(new AccessRequest("sqs:" + iamAction, resource));
  }

  private static List<AccessRequest> sns(AwsRequest request) {
    Map<String, String> form = form(request);
    String action = form.getOrDefault("Action", "");
    return List.of(new AccessRequest("sns:" + action, form.getOrDefault("TopicArn", "*")));
  }

  private List<AccessRequest> cloudWatch(AwsRequest request) {
    String action = request.operation();
    if (action.equals("SetAlarmState")) {
      String alarm =
          io.s3clean.localcloud.cloudwatch.CloudWatchService.alarmName(request).orElse("");
      return List.of(
          new AccessRequest(
              "cloudwatch:SetAlarmState",
              "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + alarm));
    }
    return List.of(new AccessRequest("cloudwatch:" + action, "*"));
  }

  private List<AccessRequest> lambda(AwsRequest request) {
    Matcher function = Pattern.compile("/functions/([^/]+)/invocations").matcher(request.path());
    if (function.find()) {
      String name = URLDecoder.decode(function.group(1), StandardCharsets.UTF_8);
      return List.of(
          new AccessRequest(
              "lambda:InvokeFunction",
              name.startsWith("arn:")
                  ? name
                  : "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name));
    }
    return List.of(new AccessRequest("lambda:" + request.operation(), "*"));
  }

  private static JsonNode json(AwsRequest request) {
    if (request.body().length == 0 || request.body()[0] != '{') {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(request.body());
    } catch (IOException e) {
      return JSON.createObjectNode(); // the service itself answers a body it cannot read
    }
  }

  private static String xmlText(String text) {
    String named =
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'");
    Matcher numeric = NUMERIC_ENTITY.matcher(named);
    StringBuilder out = new StringBuilder();
    while (numeric.find()) {
      int code = Integer.parseInt(numeric.group(2), numeric.group(1).isEmpty() ? 10 : 16);
      numeric.appendReplacement(out, Matcher.quoteReplacement(new String(Character.toChars(code))));
    }
    numeric.appendTail(out);
    return out.toString().replace("&amp;", "&");
  }

  private String tableArn(String table) {
    return table.startsWith("arn:")
        ? table
        : "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table;
  }

  private AccessRequest dynamo(String action, String table) {
    return new AccessRequest("dynamodb:" + action, tableArn(table));
  }
}
