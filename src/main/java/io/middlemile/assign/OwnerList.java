package io.middlemile.assign;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Owners listed in the workspace ({@code owners:} of a rule file, or {@code assign/owners.yaml}). */
public final class OwnerList implements OwnerDirectory {

    private final Map<String, Owner> byId = new LinkedHashMap<>();

    public OwnerList(List<Owner> owners) {
        // the loader refuses duplicate ids; should one slip through, the first listed wins, as validation reads it
        owners.forEach(owner -> byId.putIfAbsent(owner.id(), owner));
    }

    @Override
    public Optional<Owner> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public Collection<Owner> all() {
        return byId.values();
    }
}
