package io.middlemile.web;

import io.middlemile.match.IndexNotBuiltException;
import io.middlemile.match.MatchIndexes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads every saved match index in the background once a serving engine is up, so the first {@code /api/match}
 * call does not pay for reading a million records (it waits for the load in progress instead). Single commands
 * serve nothing and load nothing.
 */
@Component
@ConditionalOnWebApplication
class MatchIndexWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(MatchIndexWarmUp.class);

    private final MatchIndexes indexes;

    MatchIndexWarmUp(MatchIndexes indexes) {
        this.indexes = indexes;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread loader = new Thread(() -> {
            for (String rule : indexes.ruleNames()) {
                try {
                    indexes.load(rule);
                } catch (IndexNotBuiltException e) {
                    LOG.debug("No match index for rule {} yet: {}", rule, e.getMessage());
                } catch (MatchIndexes.StoppingException e) {
                    LOG.debug(e.getMessage());
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("Could not load the match index of rule {} ({}); /api/match/{} will try again on its next call",
                            rule, e.getMessage(), rule);
                }
            }
        }, "match-index-warm-up");
        loader.setDaemon(true);
        loader.start();
    }
}
