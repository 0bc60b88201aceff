package io.s3clean.eventlog;

import io.s3clean.event.ObjectEvent;
import io.s3clean.ledger.StoredObject;
import java.util.Optional;

/**
 * Finds an event's size and delta from the ledger's stored object, whichever of the two consumers
 * ran first: before the tracker applied the event the stored object is the state it replaces;
 * after, the stored object remembers the size the event replaced.
 */
public final class SizeDeltaResolver {

  public LoggedSize resolve(ObjectEvent event, Optional<StoredObject> stored) {
    boolean created = event.kind() == ObjectEvent.Kind.CREATED;
    if (stored.isEmpty()) {
      return created
          ? new LoggedSize(event.size(), event.size(), "first_seen")
          : new LoggedSize(null, null, "never_tracked");
    }
    StoredObject object = stored.get();
    int order = event.sequencer().compareTo(object.sequencer());
    if (order > 0) {
      long replaced = object.liveSize();
      return created
          ? new LoggedSize(event.size(), event.size() - replaced, "before_tracking")
          : new LoggedSize(replaced, -replaced, "before_tracking");
    }
    if (order == 0) {
      return created
          ? new LoggedSize(event.size(), event.size() - object.previousSize(), "tracked")
          : new LoggedSize(object.size(), -object.previousSize(), "tracked");
    }
    // A newer event of the key was applied already; what this one replaced is no longer stored.
    return new LoggedSize(created ? event.size() : null, null, "superseded");
  }
}
