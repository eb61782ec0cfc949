package io.middlemile.camel;

import io.middlemile.model.Target;
import io.middlemile.quality.CleanUp;
import io.middlemile.quality.HygieneFile;
import io.middlemile.quality.HygieneRule;
import io.middlemile.workspace.HubEndpoint;
import io.middlemile.workspace.HygieneConfig;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code hub-clean:HYGIENE[?rules=a,b]} turns each record read into the changes its hygiene file's fixable findings
 * suggest (a phone in E.164, a country's ISO code, an allowed picklist spelling), so a route reads
 * read → clean → write and the fixes go back to the same records through the governed write path: plan, review,
 * journal, rollback. A record with nothing to fix is skipped; {@code rules=} limits the clean-up to those rules.
 */
public class HubCleanComponent extends DefaultComponent {

    private final Map<String, HygieneConfig> hygiene;

    public HubCleanComponent(Map<String, HygieneConfig> hygiene) {
        this.hygiene = hygiene;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        HubEndpoint parsed = HubEndpoint.require(HubEndpoint.Kind.CLEAN, uri);
        HygieneConfig config = hygiene.get(parsed.mapping());
        if (config == null) {
            throw new IllegalArgumentException("Unknown hygiene file \"" + parsed.mapping() + "\" in " + uri + "; hygiene files are "
                    + hygiene.keySet() + " (files in hygiene/)");
        }
        parameters.remove("rules"); // read from the parsed URI; Camel would look for a setter
        String object = Target.parse(config.source()).object();
        List<HygieneRule> rules = HygieneFile.rules(config);
        if (parsed.parameters().containsKey("rules")) {
            Set<String> wanted = Set.copyOf(parsed.names("rules"));
            rules = rules.stream().filter(rule -> wanted.contains(rule.name())).toList();
        }
        HubCleanEndpoint endpoint = new HubCleanEndpoint(uri, this, parsed.mapping(), config, new CleanUp(object, rules));
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
