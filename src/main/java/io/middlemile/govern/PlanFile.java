package io.middlemile.govern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes plans as JSON, the format `--plan FILE` saves and `apply FILE` executes. */
public final class PlanFile {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private PlanFile() {
    }

    public static void write(Path file, WritePlan plan) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(file.toFile(), plan);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not save the plan to " + file + ": " + e.getMessage(), e);
        }
    }

    public static WritePlan read(Path file) {
        try {
            return JSON.readValue(file.toFile(), WritePlan.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not read the plan " + file + ": " + e.getMessage()
                    + ". Use a file saved by `middlemile job run NAME --plan FILE`.", e);
        }
    }
}
