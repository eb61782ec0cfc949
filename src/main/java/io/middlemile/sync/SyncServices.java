package io.middlemile.sync;

import io.middlemile.store.ShadowStore;

/**
 * What every sync into a target shares: the crosswalk's target resolution, delete and merge
 * following, reference translation, and merge bases.
 */
public record SyncServices(SyncTargets targets, DeletesAndMerges lifecycles, References references, ShadowStore shadows) {
}
