package io.middlemile.connector.csv;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Provider;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** {@code type: csv}: a CSV file in the workspace, read and written by {@link CsvConnector}. No API, so no auth or baseUrl. */
public final class CsvProvider implements Provider {

    public static final String TYPE = "csv";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<ConnectorSection> sections() {
        return Set.of(ConnectorSection.CSV);
    }

    @Override
    public boolean needsAuth() {
        return false;
    }

    @Override
    public boolean needsBaseUrl() {
        return false;
    }

    @Override
    public void validate(ConnectorConfig connector, JsonNode file, FileErrors errors) {
        // a csv: that is present but did not bind already has its own error; this one is for a file without it
        if (connector.csv() == null && !file.has("csv")) {
            errors.error("/type", "a csv connection needs a csv: section with at least file: PATH");
        }
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
        return new CsvConnector(config.id(), config.csv(), config.objects(), workspaceRoot);
    }
}
