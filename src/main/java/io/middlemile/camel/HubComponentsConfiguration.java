package io.middlemile.camel;

import io.middlemile.connector.ConnectorFactory;
import io.middlemile.mapping.Mapper;
import io.middlemile.mapping.Transforms;
import io.middlemile.store.CursorStore;
import io.middlemile.store.RunStore;
import io.middlemile.sync.JobExecutor;
import io.middlemile.sync.RejectsFile;
import io.middlemile.workspace.Workspace;
import io.middlemile.workspace.WorkspaceLoader;
import io.middlemile.workspace.WorkspaceVersion;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wires the workspace into Camel: loads and validates it (start-up runs exactly the checks of
 * {@code middlemile validate}) and registers the hub components routes use by name.
 */
@Configuration(proxyBeanMethods = false)
public class HubComponentsConfiguration {

    @Bean
    Workspace workspace(@Value("${middlemile.workspace:.}") String root) {
        return new WorkspaceLoader(System.getenv(), Transforms.CATALOG).load(Path.of(root)).orThrow();
    }

    @Bean
    EngineMode engineMode(@Value("${middlemile.once:false}") boolean once, @Value("${middlemile.from-start:false}") boolean fromStart) {
        return new EngineMode(once, fromStart);
    }

    @Bean
    JobExecutor jobExecutor(Workspace workspace, RunStore runs, CursorStore cursors) {
        ConnectorFactory connectors = new ConnectorFactory(workspace);
        return new JobExecutor(runs, cursors, connectors::open, WorkspaceVersion.of(workspace.root()),
                new RejectsFile(workspace.stateDir().resolve("rejects")));
    }

    @Bean("hub-read")
    HubReadComponent hubReadComponent(JobExecutor executor, EngineMode mode, Workspace workspace) {
        return new HubReadComponent(executor, mode, workspace);
    }

    @Bean("hub-map")
    HubMapComponent hubMapComponent(Workspace workspace) {
        Map<String, Mapper> mappers = new LinkedHashMap<>();
        workspace.mappings().forEach((id, config) -> mappers.put(id,
                new Mapper(config, workspace.connectors().get(config.connector()).object(config.object()))));
        return new HubMapComponent(mappers);
    }

    @Bean("hub-write")
    HubWriteComponent hubWriteComponent() {
        return new HubWriteComponent();
    }
}
