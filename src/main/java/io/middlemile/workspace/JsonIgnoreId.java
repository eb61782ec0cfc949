package io.middlemile.workspace;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the id of a workspace file: it comes from the file name, so it may not be written in the
 * file (read-only for Jackson; writing {@code id:} in the file is reported as an unknown field).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@JacksonAnnotationsInside
@JsonProperty(access = JsonProperty.Access.READ_ONLY)
public @interface JsonIgnoreId {
}
