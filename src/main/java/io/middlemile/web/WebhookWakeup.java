package io.middlemile.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

/**
 * What one webhook delivery asks of the cluster, as a message on the webhook topic: wake these jobs, because these
 * new events of this connection are in the store. The events themselves stay in the store, the source of truth;
 * the message only says where to look, so a lost or repeated message costs a run, never an event.
 *
 * @param connection the workspace connection the delivery was for (the message's key, so one connection's
 *                   wake-ups stay in order on one partition)
 * @param events     the ids of the delivery's new events, for the log
 * @param jobs       the started jobs reading what the events changed
 */
public record WebhookWakeup(String connection, List<String> events, List<String> jobs) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public WebhookWakeup {
        events = List.copyOf(events);
        jobs = List.copyOf(jobs);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A webhook wake-up could not be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the message is not a wake-up (another producer on the topic) */
    public static WebhookWakeup fromJson(String message) {
        try {
            WebhookWakeup wakeup = JSON.readValue(message, WebhookWakeup.class);
            if (wakeup.connection() == null) {
                throw new IllegalArgumentException("no connection");
            }
            return wakeup;
        } catch (IOException | RuntimeException e) {
            String start = message == null ? "" : message.substring(0, Math.min(message.length(), 80));
            throw new IllegalArgumentException("not a Middlemile webhook wake-up (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + "): " + start, e);
        }
    }
}
