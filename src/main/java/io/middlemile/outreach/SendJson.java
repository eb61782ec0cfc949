package io.middlemile.outreach;

import io.middlemile.connector.Outreach;

import java.util.LinkedHashMap;
import java.util.Map;

/** A send as the ledger keeps it (jsonb), so a deferred send goes later exactly as it was decided. */
final class SendJson {

    private SendJson() {
    }

    static Map<String, Object> write(Outreach.Send send) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", send.key());
        json.put("kind", send.kind().name());
        json.put("account", send.account());
        json.put("destination", send.destination());
        json.put("recipient", send.recipient());
        json.put("fields", send.fields());
        json.put("text", send.text());
        return json;
    }

    @SuppressWarnings("unchecked")
    static Outreach.Send read(Map<String, Object> json) {
        Object fields = json.get("fields");
        return new Outreach.Send((String) json.get("key"), Outreach.Kind.valueOf((String) json.get("kind")), (String) json.get("account"),
                (String) json.get("destination"), (String) json.get("recipient"),
                fields instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(), (String) json.get("text"));
    }
}
