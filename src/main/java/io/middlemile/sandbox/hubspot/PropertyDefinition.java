package io.middlemile.sandbox.hubspot;

/** A property of an emulated object type, shaped like the properties API returns it. */
public record PropertyDefinition(String name, String label, String type, String fieldType, boolean hubspotDefined,
                                 boolean hasUniqueValue, boolean readOnlyValue) {

    public static PropertyDefinition text(String name, String label) {
        return new PropertyDefinition(name, label, "string", "text", true, false, false);
    }

    public static PropertyDefinition custom(String name, String label, String type) {
        return new PropertyDefinition(name, label, type, "number".equals(type) ? "number" : "text", false, false, false);
    }

    static PropertyDefinition readOnly(String name, String label, String type) {
        return new PropertyDefinition(name, label, type, "text", true, false, true);
    }

    static PropertyDefinition unique(String name, String label) {
        return new PropertyDefinition(name, label, "string", "text", true, true, false);
    }
}
