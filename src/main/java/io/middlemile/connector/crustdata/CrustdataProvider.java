package io.middlemile.connector.crustdata;

import com.fasterxml.jackson.databind.JsonNode;
import io.middlemile.connector.Budgets;
import io.middlemile.connector.CallObserver;
import io.middlemile.connector.Connector;
import io.middlemile.connector.Provider;
import io.middlemile.model.Entity;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.ConnectorSection;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code type: crustdata}: a Crustdata account as an enrichment provider ({@link CrustdataConnector}). Owns the
 * {@code enrichment:} section (request budget, timeout, poll interval). Objects are {@code people} and
 * {@code companies}; their {@code fields} list the values this connection may buy. No webhook receiver: batch jobs are
 * polled, because the batch webhook's signing is not documented.
 */
public final class CrustdataProvider implements Provider {

    public static final String TYPE = "crustdata";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<ConnectorSection> sections() {
        return Set.of(ConnectorSection.ENRICHMENT);
    }

    @Override
    public void validate(ConnectorConfig connector, JsonNode file, FileErrors errors) {
        if (connector.objects() == null) {
            return;
        }
        connector.objects().forEach((name, object) -> {
            Entity entity = switch (name) {
                case CrustdataConnector.PEOPLE -> Entity.PERSON;
                case CrustdataConnector.COMPANIES -> Entity.COMPANY;
                default -> null;
            };
            if (entity == null) {
                errors.error("/objects/" + name, "a crustdata connection enriches people and companies only; rename or remove"
                        + " object " + name);
                return;
            }
            if (object == null || object.fields() == null) {
                return;
            }
            for (int i = 0; i < object.fields().size(); i++) {
                String field = object.fields().get(i);
                if (field == null) {
                    errors.error("/objects/" + name + "/fields/" + i, "is empty; name a field Crustdata returns for " + name + " or remove"
                            + " the entry");
                } else if (!CrustdataCatalog.values(entity).contains(field)) {
                    errors.error("/objects/" + name + "/fields/" + i, "Crustdata cannot return " + field + " for " + name
                            + "; it can return " + String.join(", ", new TreeSet<>(CrustdataCatalog.values(entity))));
                }
            }
        });
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment) {
        return new CrustdataConnector(config.id(), config, environment);
    }

    @Override
    public Connector open(ConnectorConfig config, Path workspaceRoot, Map<String, String> environment, Budgets budgets,
                          CallObserver calls) {
        return new CrustdataConnector(config.id(), config, environment, CrustdataSettings.from(config), Clock.systemUTC(), budgets, calls);
    }
}
