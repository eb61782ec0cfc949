package io.middlemile.observe;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health of every connection of the workspace, by connection id in name order: what {@code /actuator/health/connections}
 * and the console's connections page both show, from the same once-a-minute checks.
 */
public final class ConnectionHealths {

    private final Map<String, ConnectionHealth> each;

    public ConnectionHealths(Map<String, ConnectionHealth> each) {
        this.each = Map.copyOf(each);
    }

    /** Each connection's health now (checked again when the last check is over a minute old), in name order. */
    public Map<String, Health> now() {
        Map<String, Health> health = new LinkedHashMap<>();
        each.keySet().stream().sorted().forEach(id -> health.put(id, each.get(id).health()));
        return health;
    }

    /** The same, as one Actuator contributor with a component per connection. */
    HealthContributor contributor() {
        Map<String, HealthContributor> contributors = new LinkedHashMap<>();
        each.keySet().stream().sorted().forEach(id -> contributors.put(id, each.get(id)));
        return CompositeHealthContributor.fromMap(contributors);
    }
}
