package io.middlemile.workspace;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.ZoneId;

/**
 * A time zone of the IANA database by its region id (America/New_York, Europe/Berlin, UTC), as
 * {@link ZoneId#getAvailableZoneIds()} knows it. Fixed offsets such as {@code -05:00} are refused on
 * purpose: they ignore daylight saving time, so a daily reset computed with one is an hour off for half
 * the year. Null passes (the field is optional).
 */
@Documented
@Constraint(validatedBy = TimeZoneId.Check.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface TimeZoneId {

    String message() default "must be an IANA time zone id such as America/New_York, Europe/Berlin or UTC (case matters)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check itself: region ids only, exactly as the time zone database spells them. */
    final class Check implements ConstraintValidator<TimeZoneId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || ZoneId.getAvailableZoneIds().contains(value);
        }
    }
}
