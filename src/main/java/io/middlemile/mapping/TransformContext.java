package io.middlemile.mapping;

import java.util.Map;

/**
 * What a transform may look at besides its own value: the record's other raw fields, for example
 * its country, which a phone number needs as its default region.
 */
public record TransformContext(Map<String, Object> sourceFields, String country) {
}
