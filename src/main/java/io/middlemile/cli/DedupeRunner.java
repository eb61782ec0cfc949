package io.middlemile.cli;

import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorFactory;
import io.middlemile.connector.Providers;
import io.middlemile.dedupe.DedupeEngine;
import io.middlemile.dedupe.DedupeResult;
import io.middlemile.dedupe.DedupeRules;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.Transforms;
import io.middlemile.model.CanonicalRecord;
import io.middlemile.sync.MappedSource;
import io.middlemile.workspace.DedupeConfig;
import io.middlemile.workspace.MappingConfig;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Loads the workspace, reads every source of one dedupe rule and runs the engine over them: what {@code dedupe}
 * and {@code dedupe explain} share, so an explanation uses exactly the weights a run learns.
 */
final class DedupeRunner {

    /** A finished run with what it was run on. */
    record Run(Workspace workspace, DedupeConfig config, List<MappedSource> sources, DedupeResult result) {
    }

    private DedupeRunner() {
    }

    /** The run, or null after printing why there is none (an invalid workspace, an unknown rule) to stderr. */
    static Run run(Path root, String name) throws Exception {
        WorkspaceLoader.Result loaded = new WorkspaceLoader(System.getenv(), Transforms.CATALOG, Providers.CATALOG).load(root);
        if (!loaded.valid()) {
            ValidateCommand.validate(root, System.out, System.err);
            return null;
        }
        Workspace ws = loaded.workspace();
        DedupeConfig config = ws.dedupe().get(name);
        if (config == null) {
            System.err.printf("There is no dedupe rule \"%s\" in %s/dedupe. Rules: %s%n", name, root, ws.dedupe().keySet());
            return null;
        }
        ConnectorFactory connectors = new ConnectorFactory(ws);
        Map<String, Mapper> mappers = Mapper.all(ws);
        List<Connector> opened = new ArrayList<>();
        List<MappedSource> sources = new ArrayList<>();
        try {
            for (String mappingId : config.sources()) {
                MappingConfig mapping = ws.mappings().get(mappingId);
                Connector connector = connectors.open(mapping.connector());
                opened.add(connector);
                sources.add(new MappedSource(connector, mapping.object(), mappers.get(mappingId)));
            }
            DedupeResult result = new DedupeEngine(DedupeRules.from(config)).run(concat(sources));
            return new Run(ws, config, sources, result);
        } finally {
            opened.forEach(Connector::close);
        }
    }

    private static Iterator<CanonicalRecord> concat(List<MappedSource> sources) {
        return sources.stream().flatMap(source -> {
            Iterable<CanonicalRecord> iterable = () -> source;
            return StreamSupport.stream(iterable.spliterator(), false);
        }).iterator();
    }
}
