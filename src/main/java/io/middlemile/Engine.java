package io.middlemile;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;

/**
 * The Spring Boot application behind {@code middlemile run} and {@code middlemile job run}: Camel
 * with the workspace's routes, the hub components and the state store. The CLI starts it; it has
 * no main method of its own.
 *
 * <p>Spring's generated login user is left out: the API authenticates named tokens only, and the
 * generated password would be printed to the log.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class Engine {
}
