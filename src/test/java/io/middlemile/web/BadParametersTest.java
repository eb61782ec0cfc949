package io.middlemile.web;

import org.junit.jupiter.api.Test;
import org.springframework.web.bind.MissingServletRequestParameterException;

import static org.assertj.core.api.Assertions.assertThat;

class BadParametersTest {

    @Test
    void aMissingParameterIsNamedWithWhatItTakes() {
        assertThat(BadParameters.missing(new MissingServletRequestParameterException("on", "boolean")))
                .isEqualTo("'on' is missing: the request must give it (true or false)");
        assertThat(BadParameters.missing(new MissingServletRequestParameterException("limit", "int")))
                .isEqualTo("'limit' is missing: the request must give it (a whole number)");
        assertThat(BadParameters.missing(new MissingServletRequestParameterException("hygiene", "String")))
                .isEqualTo("'hygiene' is missing: the request must give it");
    }
}
