package io.s3clean.localcloud.fault;

/**
 * A function invocation dying part-way, as a Lambda timeout or an out-of-memory kill would: the
 * event source mapping sees a failed invocation and the whole batch becomes visible again, whatever
 * the handler had already written.
 */
public final class InjectedCrash extends RuntimeException {
  InjectedCrash(String where) {
    super("injected crash " + where);
  }
}
