package io.middlemile.govern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.middlemile.connector.FileErrors;
import io.middlemile.connector.WholeFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        if (java.nio.file.Files.isDirectory(file)) {
            throw new Unreadable(file + " is a folder, not a plan file. Give the file saved by `middlemile job run NAME"
                    + " --plan FILE`.", null);
        }
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
            return checked(JSON.treeToValue(json, WritePlan.class), file);
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new Unreadable("There is no plan file " + file + ". Use a file saved by `middlemile job run NAME --plan FILE`.", e);
        } catch (JsonProcessingException e) {
            throw new Unreadable("Could not read the plan " + file + where(e) + ": " + firstLine(e.getOriginalMessage())
                    + ". Use a file saved by `middlemile job run NAME --plan FILE`, unchanged.", e);
        } catch (IOException e) {
            throw new Unreadable("Could not read the plan " + file + ": " + FileErrors.describe(e)
                    + ". Use a file saved by `middlemile job run NAME --plan FILE`.", e);
        }
    }

    /**
     * A plan edited by hand (a write taken out, a value changed) is fine; one whose write lost what it needs to be made
     * is refused here with its place, before anything is applied, not failed on half-way.
     */
    private static WritePlan checked(WritePlan plan, Path file) {
        if (plan.writes() == null) {
            throw new Unreadable("Could not read the plan " + file + ": \"writes\" is null; it must be a list.", null);
        }
        for (int i = 0; i < plan.writes().size(); i++) {
            PlannedWrite write = plan.writes().get(i);
            String at = "Could not read the plan " + file + " at writes[" + i + "]";
            if (write == null) {
                throw new Unreadable(at + ": the write is null.", null);
            }
            List<String> missing = new ArrayList<>();
            addIfBlank(missing, "action", write.action());
            addIfBlank(missing, "connection", write.connection());
            addIfBlank(missing, "decision", write.decision() == null ? null : write.decision().id());
            addIfBlank(missing, "key", write.key());
            addIfBlank(missing, "object", write.object());
            if (!missing.isEmpty()) {
                throw new Unreadable(at + ": " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                        + " missing; a saved plan has them on every write.", null);
            }
            if (Arrays.stream(WriteAction.values()).noneMatch(a -> a.id().equals(write.action()))) {
                throw new Unreadable(at + ": action \"" + write.action() + "\" is not one of "
                        + Arrays.stream(WriteAction.values()).map(WriteAction::id).toList() + ".", null);
            }
        }
        return plan;
    }

    private static void addIfBlank(List<String> missing, String field, String value) {
        if (value == null || value.isBlank()) {
            missing.add(field);
        }
    }

    /**
     * Where in the file Jackson stopped: the field's path for a value of the wrong shape (writes[0].after), else the line
     * and column of a syntax error. Jackson's own message adds a source description that names no file.
     */
    private static String where(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference step : mapping.getPath()) {
                if (step.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
                } else if (step.getIndex() >= 0) {
                    path.append('[').append(step.getIndex()).append(']');
                }
            }
            return " at " + path;
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Jackson's first line, its own note of where a bracket opened kept as a line and column. */
    private static String firstLine(String message) {
        String first = message == null ? "it is not a plan" : message.lines().findFirst().orElse(message);
        return SOURCE.matcher(first).replaceAll("line $1, column $2");
    }

    private static final java.util.regex.Pattern SOURCE = java.util.regex.Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");

    /** A plan file that is missing, not JSON, or not a plan: said to the operator, nothing applied. */
    public static final class Unreadable extends IllegalArgumentException {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
