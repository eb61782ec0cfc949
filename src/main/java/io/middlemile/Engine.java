package io.middlemile;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring Boot application behind {@code middlemile run} and {@code middlemile job run}: Camel
 * with the workspace's routes, the hub components and the state store. The CLI starts it; it has
 * no main method of its own.
 */
@SpringBootApplication
public class Engine {
}
