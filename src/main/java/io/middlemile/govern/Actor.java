package io.middlemile.govern;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who asked for a governed write: a job ({@code job:nightly-sync}), a person through the console or the API
 * ({@code person:ana@revops}) or an AI agent through the agent gateway ({@code agent:hygiene-bot}). The journal
 * records {@link #id()}; policy rules and caps match it with a glob ({@link #matches(String)}).
 */
public record Actor(Kind kind, String name) {

    /** Names as API token names are written: letters, digits and @ . _ + - (no ':' or '*', so globs stay plain). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9@._+-]{1,64}");

    public enum Kind {
        JOB, PERSON, AGENT;

        public String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Actor {
        if (kind == null || name == null || name.isBlank()) {
            throw new IllegalArgumentException("An actor needs a kind and a name, e.g. agent:hygiene-bot");
        }
    }

    public static Actor job(String name) {
        return new Actor(Kind.JOB, name);
    }

    public static Actor person(String name) {
        return new Actor(Kind.PERSON, name);
    }

    public static Actor agent(String name) {
        return new Actor(Kind.AGENT, name);
    }

    /** Whether {@code name} may name an agent or a person (token names; a job's name comes from its route). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** From {@link #id()}, e.g. {@code agent:hygiene-bot}. */
    public static Actor parse(String id) {
        int colon = id == null ? -1 : id.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("\"" + id + "\" is not an actor; write KIND:NAME with KIND one of " + kinds()
                    + ", e.g. agent:hygiene-bot");
        }
        String kind = id.substring(0, colon);
        return new Actor(Arrays.stream(Kind.values()).filter(k -> k.prefix().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("\"" + kind + "\" in \"" + id + "\" is not a kind of actor; expected one"
                        + " of " + kinds())), id.substring(colon + 1));
    }

    public String id() {
        return kind.prefix() + ":" + name;
    }

    public boolean isAgent() {
        return kind == Kind.AGENT;
    }

    /**
     * Whether a policy glob matches this actor: {@code *} matches any run of characters, anything else itself, the
     * whole id compared ({@code agent:*} matches every agent, {@code agent:hygiene-*} a family of them).
     */
    public boolean matches(String glob) {
        return glob == null || globPattern(glob).matcher(id()).matches();
    }

    static Pattern globPattern(String glob) {
        String[] parts = glob.split("\\*", -1);
        StringBuilder regex = new StringBuilder(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            regex.append(".*").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    private static String kinds() {
        return Arrays.stream(Kind.values()).map(Kind::prefix).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id();
    }
}
