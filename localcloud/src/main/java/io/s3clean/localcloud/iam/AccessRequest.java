package io.s3clean.localcloud.iam;

/** One IAM authorisation an SDK call needs: an action on a resource ARN. */
public record AccessRequest(String action, String resource) {}
