package io.middlemile.cli;

import org.apache.camel.CamelContext;
import org.springframework.boot.SpringBootVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code middlemile version}. */
@Command(name = "version", description = "Print the versions of Middlemile, Camel, Spring Boot and Java.")
class VersionCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (String line : new Provider().getVersion()) {
            System.out.println(line);
        }
        return 0;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String own = Main.class.getPackage().getImplementationVersion();
            String camel = CamelContext.class.getPackage().getImplementationVersion();
            return new String[] {
                    "Middlemile " + (own != null ? own : "(development build)"),
                    "Apache Camel " + (camel != null ? camel : "unknown"),
                    "Spring Boot " + SpringBootVersion.getVersion(),
                    "Java " + Runtime.version()
            };
        }
    }
}
