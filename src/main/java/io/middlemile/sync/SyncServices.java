package io.middlemile.sync;

import io.middlemile.store.ShadowStore;

/**
 * What every sync into a target shares: the crosswalk's target resolution, delete and merge
 * following, reference translation, merge bases, and where the records it writes are reported.
 */
public record SyncServices(SyncTargets targets, DeletesAndMerges lifecycles, References references, ShadowStore shadows,
                           RecordFeed feed) {

    public SyncServices(SyncTargets targets, DeletesAndMerges lifecycles, References references, ShadowStore shadows) {
        this(targets, lifecycles, references, shadows, RecordFeed.NONE);
    }
}
