package io.middlemile.assign;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Existing accounts for {@code accountOwner} rules from a CSV export with the header {@code id,owner,domain,name}
 * ({@code owner} is an owner id; {@code domain} and {@code name} may be left out), as {@code assign simulate
 * --accounts} and {@code hub-assign:NAME?accounts=FILE.csv} read them.
 */
public final class AccountsCsv {

    private AccountsCsv() {
    }

    /**
     * @param shown how messages name the file (a workspace-relative path reads better than an absolute one)
     * @throws IllegalArgumentException naming the file (and line) when it is missing or is not such a CSV
     */
    public static List<Account> read(Path file, String shown) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(reader)) {
            if (!parser.getHeaderNames().containsAll(List.of("id", "owner"))) {
                throw new IllegalArgumentException(shown + ":1: the header must name id and owner, and may name domain and name; found "
                        + parser.getHeaderNames());
            }
            List<Account> found = new ArrayList<>();
            for (CSVRecord record : parser) {
                found.add(new Account(record.get("id"), blankToNull(record.get("owner")),
                        record.isMapped("domain") ? blankToNull(record.get("domain")) : null,
                        record.isMapped("name") ? blankToNull(record.get("name")) : null));
            }
            return found;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(shown + ": no such file");
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(shown + ": cannot be read as accounts CSV (id,owner,domain,name): " + e.getMessage(), e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
