package io.middlemile.agent;

import io.middlemile.govern.Actor;
import io.middlemile.govern.GovernedActions;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent gateway's tools, one table for every edge: the MCP server ({@link McpGateway}) and the REST actions
 * ({@link AgentActionsController}) describe and call the same tools with the same arguments and answers. Each
 * description says what the tool may change and what the policy decides.
 */
final class AgentTools {

    private AgentTools() {
    }

    /** What a tool does with the caller's actor and its JSON arguments; the answer is serialized as JSON. */
    interface Call {
        Object answer(Actor actor, Map<String, Object> arguments) throws Exception;
    }

    /** @param schema the JSON schema of the arguments */
    record Tool(String name, String description, String schema, Call call) {
    }

    /** True when the answer says nothing was done because a kill switch or a cap stopped it. */
    static boolean refused(Object answer) {
        return answer instanceof AgentActions.Stoppable stoppable && stoppable.stopped() != null;
    }


    /** What a reading tool's description says it may change and what the policy decides: an agent plans on both. */
    private static final String READ_ONLY = "Changes nothing, so the policy decides nothing here: reading is neither"
            + " parked nor denied, and neither caps nor the kill switches stop it.";

    /** Every tool, in the order an agent reads them. */
    static List<Tool> all(AgentActions actions) {
        List<Tool> tools = new ArrayList<>();
        tools.add(tool("find_records", "Find records. " + READ_ONLY + " Either through a dedupe rule's real-time match index"
                        + " (rule + record with canonical fields such as email, firstName, lastName, companyName): candidates best first,"
                        + " each with its match probability, band and the per-field explanation; or by the exact value of one field at"
                        + " a connection (connection, object, field, value).",
                """
                {"type":"object","properties":{
                  "rule":{"type":"string","description":"a dedupe rule of the workspace (files in dedupe/), for a match"},
                  "record":{"type":"object","description":"canonical fields to match, e.g. {\\"email\\":\\"ana@acme.com\\"}"},
                  "connection":{"type":"string"},"object":{"type":"string"},"field":{"type":"string"},"value":{"type":"string"}}}
                """, (actor, args) -> args.get("rule") != null
                        ? actions.match(text(args, "rule"), map(args, "record"))
                        : actions.byField(text(args, "connection"), text(args, "object"), text(args, "field"), text(args, "value"))));
        tools.add(tool("get_record", "Read one record: its current values at the connection and its history from the journal"
                        + " (every write Middlemile made to it: when, by which job, person or agent, on which policy rule, with what"
                        + " result). " + READ_ONLY,
                """
                {"type":"object","required":["connection","object","key"],"properties":{
                  "connection":{"type":"string"},"object":{"type":"string"},"key":{"type":"string","description":"the record's id"}}}
                """, (actor, args) -> actions.record(text(args, "connection"), text(args, "object"), text(args, "key"))));
        tools.add(tool("propose_update", "Propose new values for fields of 1 to " + AgentActions.MAX_RECORDS + " existing records of"
                        + " one connection object. May change those fields only, never create or delete a record. The connection's"
                        + " policy (connectors/CONNECTION.yaml) decides each field for you as an agent: auto fields are written now and"
                        + " journaled under your name (and can be rolled back); review fields are parked for a person, who sees your"
                        + " reason; denied fields are refused with the rule that denies them. Caps per run and per day and the agents'"
                        + " kill switch may stop the whole call. Name each record once, with all its new values in one entry (a"
                        + " record named twice refuses the call). The answer gives each record's outcome.",
                """
                {"type":"object","required":["connection","object","records","reason"],"properties":{
                  "connection":{"type":"string"},"object":{"type":"string"},
                  "records":{"type":"array","items":{"type":"object","required":["key","fields"],"properties":{
                    "key":{"type":"string","description":"the record's id"},
                    "fields":{"type":"object","description":"provider field name to new value: text, a number or true/false; \\"\\" clears the field (null, an object or a list is refused)"}}}},
                  "reason":{"type":"string","description":"why, for the person who reviews it and for the journal"}}}
                """, (actor, args) -> actions.propose(actor, text(args, "connection"), text(args, "object"), proposals(args),
                        optional(args, "reason"))));
        tools.add(tool("enrich_record", "Look up missing values of one record (a person or company the connection holds) through"
                        + " a named enrichment waterfall (files in enrich/): its providers in order, its stop rules, its cache (a value"
                        + " looked up in the last days is reused for free) and its budgets (per record, run, day, month). May SPEND"
                        + " provider credits: each lookup is decided for you as an agent by the provider connection's policy for"
                        + " spend (connectors/PROVIDER.yaml): auto lookups are made and journaled under your name, review ones are"
                        + " parked for a person and not made, denied ones are refused; caps per run and per day and the agents' kill"
                        + " switch may stop the call. The answer lists each value found with its provider, time, confidence and"
                        + " cost, the credits spent per provider, and what was parked, denied or skipped and why. It changes no"
                        + " record unless write is true: then the found values the record's mapping writes are proposed exactly as"
                        + " propose_update proposes them (with your reason), and the target's policy decides each field (auto:"
                        + " written; review: parked; deny: refused).",
                """
                {"type":"object","required":["waterfall","connection","object","key"],"properties":{
                  "waterfall":{"type":"string","description":"a waterfall of the workspace (files in enrich/), e.g. contacts"},
                  "connection":{"type":"string"},"object":{"type":"string"},"key":{"type":"string","description":"the record's id"},
                  "mapping":{"type":"string","description":"the mapping (files in mappings/) that reads the record; needed only when the object has several"},
                  "write":{"type":"boolean","description":"propose the found values for the record (default false: only look up)"},
                  "reason":{"type":"string","description":"why, for the journal and for the person who reviews a parked lookup or field; required with write"}}}
                """, (actor, args) -> actions.enrich(actor, text(args, "waterfall"), text(args, "connection"), text(args, "object"),
                        text(args, "key"), optional(args, "mapping"), flag(args, "write"), optional(args, "reason"))));
        tools.add(tool("assign_owner", "Give one lead (a person record of a connection) an owner through a named assignment rule"
                        + " set (files in assign/): the rules tried top to bottom as the jobs try them, with the stored round-robin"
                        + " rotation, capacities, out-of-office and the lead's open assignment. Returns the owner and the"
                        + " explanation (the rule that fired and why each earlier rule did not). May change the record's owner field"
                        + " only, never another field: the field its mapping writes ownerId to (a CRM's hubspot_owner_id or OwnerId,"
                        + " set to the owner's CRM id), else the one it writes ownerEmail to (set to the owner's email). The"
                        + " connection's policy for that field decides for you as an agent (auto: written now, journaled under your"
                        + " name and recorded as the lead's assignment; review: parked for a person with your reason; deny: refused"
                        + " with the rule); caps per run and"
                        + " per day and the agents' kill switch may stop it. With dryRun true nothing changes, the rotation"
                        + " included: the answer explains where the lead would go and what the policy would decide.",
                """
                {"type":"object","required":["rules","connection","object","key"],"properties":{
                  "rules":{"type":"string","description":"an assignment rule set of the workspace (files in assign/), e.g. leads"},
                  "connection":{"type":"string"},"object":{"type":"string"},"key":{"type":"string","description":"the lead's id"},
                  "mapping":{"type":"string","description":"the mapping (files in mappings/) that reads the record; needed only when the object has several"},
                  "dryRun":{"type":"boolean","description":"only explain; write nothing (default false)"},
                  "reason":{"type":"string","description":"why, for the journal and for the person who reviews a parked owner change; required unless dryRun"}}}
                """, (actor, args) -> actions.assign(actor, text(args, "rules"), text(args, "connection"), text(args, "object"),
                        text(args, "key"), optional(args, "mapping"), flag(args, "dryRun"), optional(args, "reason"))));
        tools.add(tool("enroll", "Send one person record out through a named outreach file (files in outreach/): enrol the"
                        + " person in its Instantly campaign and invite them on LinkedIn through its Unipile accounts, exactly as the"
                        + " jobs do. May SEND (an email enrolment, a LinkedIn invitation), which no one can take back. First the"
                        + " file's suppression (customers, open deals, opted out, bounced, role and free-mail addresses, people"
                        + " contacted within N days on any channel, the same person already enrolled under another record) and the"
                        + " LinkedIn accounts' daily and weekly caps and working hours (what cannot go now is deferred, never"
                        + " dropped); then each send is decided for you as an agent by the channel connection's policy for send"
                        + " (connectors/instantly.yaml, connectors/unipile.yaml): auto sends are made and journaled under your name,"
                        + " review ones are parked for a person with your reason (once approved, your next enroll of the record sends them), denied"
                        + " ones are refused; caps and the agents' kill switch may stop the call. The answer says per channel what"
                        + " was sent or why not.",
                """
                {"type":"object","required":["outreach","connection","object","key","reason"],"properties":{
                  "outreach":{"type":"string","description":"an outreach file of the workspace (files in outreach/), e.g. outbound"},
                  "connection":{"type":"string"},"object":{"type":"string"},"key":{"type":"string","description":"the person record's id"},
                  "mapping":{"type":"string","description":"the mapping (files in mappings/) that reads the record; needed only when the object has several"},
                  "reason":{"type":"string","description":"why this person should be contacted, for the journal and for the person who reviews a parked send"}}}
                """, (actor, args) -> actions.enroll(actor, text(args, "outreach"), text(args, "connection"), text(args, "object"),
                        text(args, "key"), optional(args, "mapping"), text(args, "reason"))));
        tools.add(tool("explain_decision", "Explain a decision. " + READ_ONLY + " With review_id: where a parked proposal stands"
                        + " (pending, approved, rejected, expired) and the rule that parked it. With journal_entry: the decision and"
                        + " rule of a journaled write. With connection, object and field (and action, default update): what the policy"
                        + " would decide for you writing that field (auto, review or deny) and which rule says so.",
                """
                {"type":"object","properties":{
                  "review_id":{"type":"integer"},"journal_entry":{"type":"integer"},
                  "connection":{"type":"string"},"object":{"type":"string"},"field":{"type":"string"},
                  "action":{"type":"string","enum":["create","update","merge","archive","send","spend"]}}}
                """, (actor, args) -> {
                    Long review = wholeNumber(args, "review_id");
                    if (review != null) {
                        return actions.review(review);
                    }
                    Long entry = wholeNumber(args, "journal_entry");
                    if (entry != null) {
                        return actions.entry(entry);
                    }
                    if (optional(args, "connection") == null && optional(args, "object") == null) {
                        throw new IllegalArgumentException("Ask about one thing: review_id (a parked proposal), journal_entry (a"
                                + " journaled write), or connection, object and field (what the policy would decide)");
                    }
                    return actions.policy(actor, text(args, "connection"), text(args, "object"), optional(args, "field"),
                            optional(args, "action"));
                }));
        tools.add(tool("quality_findings", "Check records against a hygiene file's rules (files in hygiene/): what is wrong with"
                        + " each record and, where a rule knows it, the suggested value. " + READ_ONLY
                        + " Propose the fixes with propose_update, which the policy decides.",
                """
                {"type":"object","required":["hygiene","keys"],"properties":{
                  "hygiene":{"type":"string"},"keys":{"type":"array","items":{"type":"string"},"description":"record ids, at most 100"}}}
                """, (actor, args) -> actions.findings(text(args, "hygiene"), strings(args, "keys"))));
        return tools;
    }

    /**
     * A tool whose call refuses an argument its schema does not name before anything is done: an agent that wrote
     * {@code dry_run} for {@code dryRun} asked for an explanation and would have had the owner written.
     */
    private static Tool tool(String name, String description, String schema, Call call) {
        List<String> takes = new ArrayList<>();
        try {
            SCHEMA.readTree(schema).path("properties").fieldNames().forEachRemaining(takes::add);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the schema of agent tool " + name + " is not JSON: " + e.getOriginalMessage(), e);
        }
        return new Tool(name, description, schema.strip(), (actor, args) -> {
            List<String> unknown = args.keySet().stream().filter(argument -> !takes.contains(argument)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(unknown.stream().map(argument -> "\"" + argument + "\"")
                        .collect(java.util.stream.Collectors.joining(", ")) + (unknown.size() == 1 ? " is not an argument" : " are not"
                        + " arguments") + " of " + name + ", which takes " + String.join(", ", takes) + ". Nothing was done.");
            }
            return call.answer(actor, args);
        });
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper SCHEMA = new com.fasterxml.jackson.databind.ObjectMapper();

    // ------------------------------------------------------------------ arguments
    // An argument of the wrong JSON kind is a mistake in the arguments (REST 400, MCP isError) said in words: never cast,
    // never converted through toString (an object would become "{a=1}"), never truncated or overflowed into another id.

    /** A required text argument. A whole number is taken as its digits: record ids are often numbers. */
    static String text(Map<String, Object> args, String name) {
        String value = optional(args, name);
        if (value == null) {
            throw new IllegalArgumentException("\"" + name + "\" is required");
        }
        return value;
    }

    /** An optional text argument: null when absent, null or blank. */
    static String optional(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (value == null) {
            return null;
        }
        String text = textOf(value);
        if (text == null) {
            throw new IllegalArgumentException("\"" + name + "\" must be text (a JSON string); got " + kind(value));
        }
        return text.isBlank() ? null : text;
    }

    /** A string as it is, a whole number as its digits, anything else null. */
    private static String textOf(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
            return value.toString();
        }
        return null;
    }

    static boolean flag(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw new IllegalArgumentException("\"" + name + "\" must be true or false; got " + kind(value));
    }

    /**
     * An optional id: a whole number that fits in 64 bits, or null when absent. Text ("7"), true/false, a fraction (1.5)
     * or a number too large for an id (99999999999999999999) is refused, not read as some other id.
     */
    static Long wholeNumber(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big && big.bitLength() < Long.SIZE) {
            return big.longValue();
        }
        // 7.0 from a client that writes every number as a float is 7; 2^53 and above are no longer exact as a double
        if (value instanceof Double number && number == Math.rint(number) && Math.abs(number) < 0x1p53) {
            return number.longValue();
        }
        throw new IllegalArgumentException("\"" + name + "\" must be a whole number, e.g. 42; got " + kind(value)
                + (value instanceof BigInteger ? ", which is beyond any id" : ""));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("\"" + name + "\" must be an object of fields, e.g. {\"email\": \"ana@acme.com\"}; got "
                    + kind(value));
        }
        return (Map<String, Object>) value;
    }

    static List<String> strings(Map<String, Object> args, String name) {
        Object value = args.get(name);
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("\"" + name + "\" must be a list of strings, e.g. [\"1001\", \"1002\"]; got " + kind(value));
        }
        List<String> texts = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String text = list.get(i) == null ? null : textOf(list.get(i));
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("\"" + name + "\"[" + i + "] must be text (a JSON string); got " + kind(list.get(i)));
            }
            texts.add(text);
        }
        return texts;
    }

    /**
     * The records of propose_update, read by hand rather than bound by Jackson: binding wrote an object value as Java's
     * {@code {a=1}} to the CRM, and answered a null value or a wrong shape with Jackson's class names.
     */
    static List<GovernedActions.FieldProposal> proposals(Map<String, Object> args) {
        Object value = args.get("records");
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("\"records\" must be a list of records, e.g. [{\"key\": \"1001\", \"fields\":"
                    + " {\"jobtitle\": \"VP Sales\"}}]; got " + kind(value) + ". Nothing was done.");
        }
        List<GovernedActions.FieldProposal> records = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String where = "records[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> record)) {
                throw new IllegalArgumentException(where + " must be an object {\"key\": ..., \"fields\": {...}}; got "
                        + kind(list.get(i)) + ". Nothing was done.");
            }
            List<String> unknown = record.keySet().stream().map(String::valueOf).filter(k -> !k.equals("key") && !k.equals("fields"))
                    .sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(where + " has " + unknown + ", which a record does not take; a record is"
                        + " {\"key\": ..., \"fields\": {...}}. Nothing was done.");
            }
            String key = record.get("key") == null ? null : textOf(record.get("key"));
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(where + " needs \"key\", the record's id as text; got " + kind(record.get("key"))
                        + ". Nothing was done.");
            }
            where += " (key " + key + ")";
            if (!(record.get("fields") instanceof Map<?, ?> fields)) {
                throw new IllegalArgumentException(where + " needs \"fields\", an object of field name to new value; got "
                        + kind(record.get("fields")) + ". Nothing was done.");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                Object proposed = field.getValue();
                if (proposed == null) {
                    throw new IllegalArgumentException(where + ": field \"" + field.getKey() + "\" is null. Give its new value as"
                            + " text, a number or true/false, or \"\" to clear the field. Nothing was done.");
                }
                if (!(proposed instanceof String || proposed instanceof Number || proposed instanceof Boolean)) {
                    throw new IllegalArgumentException(where + ": field \"" + field.getKey() + "\" is " + kind(proposed) + "; a field's"
                            + " new value must be text, a number or true/false. Nothing was done.");
                }
                values.put(String.valueOf(field.getKey()), proposed);
            }
            records.add(new GovernedActions.FieldProposal(key, values));
        }
        return records;
    }

    /** What an argument's value is, in words, for a refusal: the value itself when short, never a Java class. */
    static String kind(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return text.isBlank() ? "empty text" : "the text " + quoted(text);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "an empty object {}" : "an object";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "an empty list []" : "a list";
        }
        return "a value of another kind";
    }

    private static String quoted(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "\"" + shown.replace("\"", "\\\"") + "\"";
    }
}
