package io.s3clean.localcloud.iam;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.cloudwatch.model.SetAlarmStateRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * The IAM actions and resources AWS checks for each SDK call the handlers make, per the service
 * authorisation reference: e.g. HeadObject needs s3:GetObject, and a TransactWriteItems call needs
 * the item action of every item it writes, on its table (there is no TransactWriteItems action).
 */
public final class RequestAuthorizations {
  private final String region;
  private final String accountId;

  public RequestAuthorizations(String region, String accountId) {
    this.region = region;
    this.accountId = accountId;
  }

  /** @throws UnknownOperationException for a call this table does not know, so nothing passes unchecked */
  public List<AccessRequest> of(SdkRequest request) {
    if (request instanceof GetItemRequest r) {
      return List.of(dynamo("GetItem", r.tableName()));
    }
    if (request instanceof PutItemRequest r) {
      return List.of(dynamo("PutItem", r.tableName()));
    }
    if (request instanceof UpdateItemRequest r) {
      return List.of(dynamo("UpdateItem", r.tableName()));
    }
    if (request instanceof DeleteItemRequest r) {
      return List.of(dynamo("DeleteItem", r.tableName()));
    }
    if (request instanceof QueryRequest r) {
      return List.of(new AccessRequest("dynamodb:Query",
          tableArn(r.tableName()) + (r.indexName() == null ? "" : "/index/" + r.indexName())));
    }
    if (request instanceof ScanRequest r) {
      return List.of(new AccessRequest("dynamodb:Scan",
          tableArn(r.tableName()) + (r.indexName() == null ? "" : "/index/" + r.indexName())));
    }
    if (request instanceof BatchGetItemRequest r) {
      return r.requestItems().keySet().stream().map(table -> dynamo("BatchGetItem", table)).toList();
    }
    if (request instanceof BatchWriteItemRequest r) {
      return r.requestItems().keySet().stream().map(table -> dynamo("BatchWriteItem", table)).toList();
    }
    if (request instanceof TransactGetItemsRequest r) {
      return r.transactItems().stream().map(item -> dynamo("GetItem", item.get().tableName())).toList();
    }
    if (request instanceof TransactWriteItemsRequest r) {
      List<AccessRequest> needed = new ArrayList<>();
      for (TransactWriteItem item : r.transactItems()) {
        if (item.put() != null) {
          needed.add(dynamo("PutItem", item.put().tableName()));
        } else if (item.update() != null) {
          needed.add(dynamo("UpdateItem", item.update().tableName()));
        } else if (item.delete() != null) {
          needed.add(dynamo("DeleteItem", item.delete().tableName()));
        } else if (item.conditionCheck() != null) {
          needed.add(dynamo("ConditionCheckItem", item.conditionCheck().tableName()));
        }
      }
      return needed;
    }
    if (request instanceof HeadObjectRequest r) {
      return List.of(new AccessRequest("s3:GetObject", objectArn(r.bucket(), r.key())));
    }
    if (request instanceof GetObjectRequest r) {
      return List.of(new AccessRequest("s3:GetObject", objectArn(r.bucket(), r.key())));
    }
    if (request instanceof PutObjectRequest r) {
      return List.of(new AccessRequest("s3:PutObject", objectArn(r.bucket(), r.key())));
    }
    if (request instanceof DeleteObjectRequest r) {
      return List.of(new AccessRequest("s3:DeleteObject", objectArn(r.bucket(), r.key())));
    }
    if (request instanceof DeleteObjectsRequest r) {
      return r.delete().objects().stream()
          .map(o -> new AccessRequest("s3:DeleteObject", objectArn(r.bucket(), o.key()))).toList();
    }
    if (request instanceof ListObjectsV2Request r) {
      return List.of(new AccessRequest("s3:ListBucket", bucketArn(r.bucket())));
    }
    if (request instanceof PublishRequest r) {
      return List.of(new AccessRequest("sns:Publish", r.topicArn()));
    }
    if (request instanceof SetAlarmStateRequest r) {
      return List.of(new AccessRequest("cloudwatch:SetAlarmState",
          "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:" + r.alarmName()));
    }
    throw new UnknownOperationException(request.getClass().getSimpleName().replace("Request", ""));
  }

  public String tableArn(String table) {
    return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + table;
  }

  public static String bucketArn(String bucket) {
    return "arn:aws:s3:::" + bucket;
  }

  public static String objectArn(String bucket, String key) {
    return bucketArn(bucket) + "/" + key;
  }

  private AccessRequest dynamo(String action, String table) {
    return new AccessRequest("dynamodb:" + action, tableArn(table));
  }

  /** An SDK call the embedded cloud cannot authorise because it does not know its IAM action. */
  public static final class UnknownOperationException extends RuntimeException {
    public UnknownOperationException(String operation) {
      super("the embedded cloud's IAM check does not know the action behind " + operation
          + "; add it to RequestAuthorizations before a handler uses it");
    }
  }
}
