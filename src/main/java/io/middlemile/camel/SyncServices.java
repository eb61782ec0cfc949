package io.middlemile.camel;

import io.middlemile.store.ShadowStore;
import io.middlemile.sync.DeletesAndMerges;
import io.middlemile.sync.References;
import io.middlemile.sync.SyncTargets;

/**
 * What every hub-sync step shares: the crosswalk's target resolution, delete and merge following,
 * reference translation, and merge bases.
 */
public record SyncServices(SyncTargets targets, DeletesAndMerges lifecycles, References references, ShadowStore shadows) {
}
