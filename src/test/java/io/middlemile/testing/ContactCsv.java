package io.middlemile.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes large legacy-export CSVs in the sample's column layout, for crash tests and benchmarks. */
public final class ContactCsv {

    public static final String HEADER = "Record ID,First Name,Last Name,Email,Phone,Company,Website,Job Title,Country,Last Modified";

    private static final String[] FIRST = {"Robert", "Liz", "Rajesh", "Anna", "José", "Jim", "Pam", "Michael", "Dwight", "Angela"};
    private static final String[] LAST = {"McDonald", "O'Brien", "Kumar", "van der Berg", "García", "Halpert", "Beesly", "Scott"};
    private static final String[] COMPANY = {"Acme Inc.", "Globex GmbH", "\"Suck It, Inc.\"", "Initech B.V.", "Dunder Mifflin"};

    private ContactCsv() {
    }

    /** Writes {@code rows} data rows with ids 1..rows. */
    public static void write(Path file, int rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(160);
            for (int id = 1; id <= rows; id++) {
                String first = FIRST[id % FIRST.length];
                String last = LAST[id % LAST.length];
                line.setLength(0);
                line.append(id).append(',').append(first).append(',').append(last).append(',')
                        .append(' ').append(first.toLowerCase()).append('.').append(id).append("@Example.COM ,")
                        .append("(415) 555-").append(String.format("%04d", id % 10_000)).append(',')
                        .append(COMPANY[id % COMPANY.length]).append(",www.example.com,Account Executive,USA,")
                        .append("2024-03-05T14:07:00Z\n");
                out.write(line.toString());
            }
        }
    }
}
