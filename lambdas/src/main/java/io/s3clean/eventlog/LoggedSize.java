package io.s3clean.eventlog;

/**
 * The size an event logger reports for one event.
 *
 * @param size the object's size after a creation, or the size a removal took away; null if unknown
 * @param sizeDelta the change to the bucket total; null if unknown
 * @param basis how the figures were found, so a reader can trust or discount them
 */
public record LoggedSize(Long size, Long sizeDelta, String basis) {}
