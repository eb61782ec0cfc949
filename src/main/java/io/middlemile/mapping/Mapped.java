package io.middlemile.mapping;

import java.util.List;

/**
 * A mapped record and the notes made while mapping it (a value kept although a standardizer found
 * it invalid, a picklist value passed through unmapped), so they reach the run's record outcomes.
 */
public record Mapped<T>(T record, List<String> notes) {
}
