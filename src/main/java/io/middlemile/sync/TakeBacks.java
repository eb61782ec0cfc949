package io.middlemile.sync;

import io.middlemile.connector.CheckpointedSink;
import io.middlemile.model.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * What a run's steps kept ahead of writes that then did not happen, for the run's end: the pages whose route began but
 * which are not committed yet, and whether the run's file targets took its writes. A write can fail after the route
 * returned (a sink's flush, the page's commit, the file published at the end), where no route's on-failure runs, so the
 * run takes back here, once, whatever stopped it ({@link Batch#onUncommitted}, {@link RunContext#onStop}).
 */
final class TakeBacks {

    private static final Logger LOG = LoggerFactory.getLogger(TakeBacks.class);

    /** Oldest first; a page leaves when committed, on whichever thread commits it ({@link PageCommits}). */
    private final Deque<Batch> uncommitted = new ConcurrentLinkedDeque<>();
    private boolean toFiles;
    private boolean published;

    /** The run writes to a file ({@link CheckpointedSink}) among {@code sinks}: it takes the run's writes when the run ends. */
    void sinks(List<Target> sinks, RunContext context) {
        toFiles = sinks.stream().anyMatch(sink -> context.connector(sink.connection()).capability(CheckpointedSink.class).isPresent());
    }

    /** Before the page's route: from here until it is committed, its steps' take-backs run if the run stops. */
    void routing(Batch page) {
        uncommitted.addLast(page);
    }

    void committed(Batch page) {
        uncommitted.remove(page);
    }

    /** The run's files took its writes: from here nothing of the run is taken back. */
    void published() {
        published = true;
    }

    /**
     * For a run that stopped, once its late commits are done: takes back the pages it did not commit, newest first (each
     * puts back what the page after it left), then tells the steps, with whether the committed pages' writes are lost too.
     * Returns the run's message with what the steps say they took back.
     *
     * @param resumed whether a later run continues this one (a halted or paused job run): its files then still take the
     *                committed pages' writes
     */
    String stopped(RunContext context, boolean resumed, String message) {
        for (Iterator<Batch> pages = uncommitted.descendingIterator(); pages.hasNext(); ) {
            try {
                pages.next().takeBack();
            } catch (RuntimeException e) {
                // the steps say so themselves, with what to do; the run must still end
                LOG.error("Run {}: a page that was not committed could not be taken back: {}", context.run().id(), e.getMessage(), e);
            }
        }
        uncommitted.clear();
        boolean unpublished = toFiles && !published && !resumed;
        StringBuilder said = new StringBuilder(message == null ? "" : message);
        for (RunContext.OnStop step : context.onStop()) {
            String sentence;
            try {
                sentence = step.stopped(unpublished);
            } catch (RuntimeException e) {
                // a step's own failure must not keep the run from ending; the run says what it said
                LOG.error("Run {}: a step could not take back what it kept for writes that did not happen: {}", context.run().id(),
                        e.getMessage(), e);
                continue;
            }
            if (sentence != null) {
                said.append(said.isEmpty() ? "" : " ").append(sentence);
            }
        }
        return said.isEmpty() ? message : said.toString();
    }
}
