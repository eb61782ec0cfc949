package io.middlemile.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.middlemile.assign.RoundRobinState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;
import java.util.function.Function;

/**
 * The round-robin rotation of each assignment rule set (table {@code assign_rotation}), shared by every engine
 * process on this database. A batch runs with the rule set's row locked ({@code select ... for update}) and
 * saves the advanced rotation in the same transaction, so two processes assigning leads of one rule set take
 * turns and neither overwrites the other's picks; a batch that fails leaves the rotation where it was.
 */
@Component
public class RotationStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, Long>>> STATE = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    /** {@code jdbc} and {@code transactions} must use the same data source, or the lock would not cover the batch. */
    public RotationStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Runs {@code batch} with the rule set's rotation and saves what it left there. Other processes' batches
     * of the same rule set wait until this one commits, so keep the batch to the assignments themselves: the
     * CRM writes that follow belong outside it.
     */
    public <T> T withRotation(String ruleSet, Function<RoundRobinState, T> batch) {
        return withRotation(ruleSet, true, batch);
    }

    /**
     * As {@link #withRotation(String, Function)}; with {@code save} false (a plan) nothing the batch did in the store
     * is kept, the rotation included, so a plan shows the picks the next run would make from the same state.
     */
    public <T> T withRotation(String ruleSet, boolean save, Function<RoundRobinState, T> batch) {
        return transactions.execute(status -> {
            // the row must exist before it can be locked; a concurrent first insert is a no-op, not an error
            jdbc.update("insert into assign_rotation (rule_set) values (?) on conflict (rule_set) do nothing", ruleSet);
            String saved = jdbc.queryForObject("select state::text from assign_rotation where rule_set = ? for update",
                    String.class, ruleSet);
            RoundRobinState rotation = RoundRobinState.of(parse(ruleSet, saved));
            T result = batch.apply(rotation);
            if (!save) {
                status.setRollbackOnly();
                return result;
            }
            jdbc.update("update assign_rotation set state = ?::jsonb, updated_at = now() where rule_set = ?",
                    write(rotation.snapshot()), ruleSet);
            return result;
        });
    }

    /** The saved rotation (pool → owner → current weight), for reports; empty when the rule set never ran. */
    public Map<String, Map<String, Long>> load(String ruleSet) {
        return jdbc.queryForList("select state::text from assign_rotation where rule_set = ?", String.class, ruleSet).stream()
                .findFirst().map(json -> parse(ruleSet, json)).orElse(Map.of());
    }

    private static Map<String, Map<String, Long>> parse(String ruleSet, String json) {
        try {
            return JSON.readValue(json, STATE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("assign_rotation holds a state for rule set " + ruleSet + " that is not pool → owner → number;"
                    + " delete that row to restart its rotation: " + e.getOriginalMessage(), e);
        }
    }

    private static String write(Map<String, Map<String, Long>> state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
