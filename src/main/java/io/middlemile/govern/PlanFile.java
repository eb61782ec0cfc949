package io.middlemile.govern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.middlemile.connector.FileErrors;
import io.middlemile.connector.WholeFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Reads and writes plans as JSON, the format `--plan FILE` saves and `apply FILE` executes. */
public final class PlanFile {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private PlanFile() {
    }

    /** Writes {@code plan} to {@code file} whole or not at all ({@link WholeFile}), making its folder when missing. */
    public static void write(Path file, WritePlan plan) {
        try (WholeFile whole = WholeFile.create(file)) {
            JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(whole.out(), plan);
            whole.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the plan to " + file + ": " + FileErrors.describe(e), e);
        }
    }

    public static WritePlan read(Path file) {
        try {
            JsonNode json = JSON.readTree(file.toFile());
            if (json != null && json.has("merges") && json.has("reviews")) {
                throw new Unreadable(file + " is the merge plan of a dedupe run, not a job run's plan: merges are made by"
                        + " `middlemile dedupe NAME --apply`, through the same write policy.", null);
            }
            if (json == null || !json.isObject() || !json.hasNonNull("job") || !json.has("writes")) {
                throw new Unreadable("Could not read the plan " + file + ": it is not a job run's plan (no \"job\" and"
                        + " \"writes\"). Use a file saved by `middlemile job run NAME --plan FILE`.", null);
            }
            return JSON.treeToValue(json, WritePlan.class);
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new Unreadable("There is no plan file " + file + ". Use a file saved by `middlemile job run NAME --plan FILE`.", e);
        } catch (IOException e) {
            throw new Unreadable("Could not read the plan " + file + ": " + e.getMessage()
                    + ". Use a file saved by `middlemile job run NAME --plan FILE`.", e);
        }
    }

    /** A plan file that is missing, not JSON, or not a plan: said to the operator, nothing applied. */
    public static final class Unreadable extends IllegalArgumentException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
