package io.middlemile.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.MissingServletRequestParameterException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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

    /** The engine's mapper for request bodies, which refuses unknown fields (EngineLauncher). */
    private static final ObjectMapper SPRING_LIKE = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private static String wrongBody(String json, Class<?> type) {
        return BadParameters.wrongBody(catchThrowableOfType(MismatchedInputException.class, () -> SPRING_LIKE.readValue(json, type)));
    }

    @Test
    void aBodyOfTheWrongShapeIsSaidInTheFieldsWordsNotJavasTypes() {
        assertThat(wrongBody("{\"on\": \"yes\", \"reason\": \"x\"}", KillSwitchController.Change.class))
                .isEqualTo("\"on\" must be true or false; got \"yes\"");
        assertThat(wrongBody("[1, 2]", KillSwitchController.Change.class)).isEqualTo("The body must be a JSON object");
        assertThat(wrongBody("{\"on\": {}}", KillSwitchController.Change.class)).isEqualTo("\"on\" must be true or false");
        // a field the body does not have: the ones it has
        assertThat(wrongBody("{\"on\": true, \"reasn\": \"deploy gone wrong\"}", KillSwitchController.Change.class))
                .isEqualTo("\"reasn\" is not a field of this endpoint's body; it takes \"on\", \"reason\"");
        assertThat(wrongBody("{\"nte\": \"checked with the rep\"}", ReviewController.ReviewDecision.class))
                .isEqualTo("\"nte\" is not a field of this endpoint's body; it takes \"by\", \"note\"");
    }
}
