package io.middlemile.sandbox.fullenrich;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * One submitted enrichment: its contacts as accepted, and once processed, its status, the contacts' results and the
 * credits charged. Guarded by the emulator's lock.
 */
final class EnrichmentRun {

    /** One accepted contact, as sent (blank fields null), with what it asked for. */
    record Contact(String firstName, String lastName, String domain, String companyName, String linkedinUrl,
                   List<String> enrichFields, ObjectNode custom) {
    }

    final String id;
    final String name;
    final Instant submittedAt;
    final Instant readyAt;
    final List<Contact> contacts;
    final String webhookUrl;
    final String contactFinishedUrl;
    String status = "IN_PROGRESS";
    ArrayNode data;
    double credits;

    EnrichmentRun(String id, String name, Instant submittedAt, Instant readyAt, List<Contact> contacts, String webhookUrl,
                  String contactFinishedUrl) {
        this.id = id;
        this.name = name;
        this.submittedAt = submittedAt;
        this.readyAt = readyAt;
        this.contacts = List.copyOf(contacts);
        this.webhookUrl = webhookUrl;
        this.contactFinishedUrl = contactFinishedUrl;
    }

    boolean over() {
        return !"IN_PROGRESS".equals(status);
    }
}
