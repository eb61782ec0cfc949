package io.middlemile.web.console;

import io.middlemile.observe.ConnectionHealths;
import io.middlemile.workspace.ConnectorConfig;
import io.middlemile.workspace.SecretRefs;
import io.middlemile.workspace.Workspace;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The workspace's connections and their health: each connector's own check (credentials, reachability, quota left), as
 * {@code /actuator/health/connections} reports it, at most once a minute per connection. Configuration is shown, not
 * edited: it lives in {@code connectors/}.
 */
@Controller
class ConnectionsPage {

    /** One connection as the page shows it; {@code where} is the base URL or the CSV file, never a secret. */
    record Connection(String id, String type, String description, String where, List<String> objects, boolean healthy,
                      String message, String checkedAt) {
    }

    private final Workspace workspace;
    private final ConnectionHealths healths;

    ConnectionsPage(Workspace workspace, ConnectionHealths healths) {
        this.workspace = workspace;
        this.healths = healths;
    }

    @GetMapping("/console/connections")
    String page(Model model) {
        List<Connection> connections = new ArrayList<>();
        for (Map.Entry<String, Health> entry : healths.now().entrySet()) {
            ConnectorConfig config = workspace.connectors().get(entry.getKey());
            Health health = entry.getValue();
            // validate refuses a user or password in a URL; stripped here all the same, as every connector's toString does
            String where = config.csv() != null ? config.csv().file() : SecretRefs.withoutUserInfo(config.baseUrl());
            connections.add(new Connection(entry.getKey(), config.type(), config.description(), where,
                    config.objects() == null ? List.of() : List.copyOf(config.objects().keySet()),
                    Status.UP.equals(health.getStatus()), String.valueOf(health.getDetails().get("message")),
                    String.valueOf(health.getDetails().get("checkedAt"))));
        }
        model.addAttribute("connections", connections);
        return "console/connections";
    }
}
