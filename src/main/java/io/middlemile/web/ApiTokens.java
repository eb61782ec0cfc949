package io.middlemile.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.regex.Pattern;

/**
 * The REST API's named tokens, from the engine's environment. A token says who calls: an approval
 * made with it is journaled under its name, so each person or script gets a token of their own.
 *
 * <ul>
 *   <li>{@code MIDDLEMILE_API_TOKENS="ana@revops=<token>,nightly-ci=<token>"}: one {@code name=token}
 *       pair per caller, separated by commas.</li>
 *   <li>{@code MIDDLEMILE_API_TOKEN=<token>}: a single token, named {@value #SINGLE_TOKEN_NAME}.</li>
 * </ul>
 *
 * A name written {@code agent:NAME} ({@code MIDDLEMILE_API_TOKENS="agent:hygiene-bot=<token>,..."}) is an AI agent's:
 * it reaches only the agent gateway ({@code /mcp}), never the operators' API, and every write it proposes is decided by
 * the policies for {@code agent:hygiene-bot} and journaled under that name.
 *
 * Neither set: the API is off. Tokens are compared in constant time and never logged.
 */
public final class ApiTokens {

    public static final String SINGLE_TOKEN_NAME = "api-token";
    /** How an AI agent's token name starts. */
    public static final String AGENT_PREFIX = "agent:";
    /** Long enough that guessing is hopeless; {@code openssl rand -hex 24} gives 48 characters. */
    static final int MIN_LENGTH = 16;
    private static final Pattern NAME = Pattern.compile("(agent:)?[A-Za-z0-9@._+-]{1,64}");

    private final Map<String, byte[]> tokensByName;
    private final Set<String> readOnly;

    private ApiTokens(Map<String, byte[]> tokensByName, Set<String> readOnly) {
        this.tokensByName = tokensByName;
        this.readOnly = readOnly;
    }

    /** As {@link #parse(String, String, String)} with every token an operator's. */
    public static ApiTokens parse(String namedTokens, String singleToken) {
        return parse(namedTokens, singleToken, null);
    }

    /**
     * @param namedTokens  the value of MIDDLEMILE_API_TOKENS, or null
     * @param singleToken  the value of MIDDLEMILE_API_TOKEN, or null
     * @param readOnly     the value of MIDDLEMILE_API_READ_ONLY: comma-separated names whose tokens may only read
     *                     (a dashboard, a reporting script); every other token is an operator's, who may also act
     *                     (approve, roll back, run a job, turn the kill switch)
     * @throws IllegalArgumentException naming the variable and the entry that is wrong, never a token
     */
    public static ApiTokens parse(String namedTokens, String singleToken, String readOnly) {
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (namedTokens != null && !namedTokens.isBlank()) {
            String[] entries = namedTokens.split(",");
            for (int i = 0; i < entries.length; i++) {
                String entry = entries[i].trim();
                int equals = entry.indexOf('=');
                String name = equals < 0 ? "" : entry.substring(0, equals).trim();
                String token = equals < 0 ? "" : entry.substring(equals + 1).trim();
                String where = "MIDDLEMILE_API_TOKENS entry " + (i + 1);
                if (equals < 0) {
                    problems.add(where + " has no '=': write name=token");
                } else if (!NAME.matcher(name).matches()) {
                    problems.add(where + ": the name must be 1 to 64 letters, digits or @ . _ + -, for an AI agent after agent:"
                            + " (agent:hygiene-bot)");
                } else if (token.length() < MIN_LENGTH) {
                    problems.add(where + " (" + name + "): the token is shorter than " + MIN_LENGTH + " characters");
                } else if (tokens.containsKey(name)) {
                    problems.add(where + ": the name " + name + " is given twice");
                } else {
                    tokens.put(name, token.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        if (singleToken != null && !singleToken.isBlank()) {
            if (singleToken.trim().length() < MIN_LENGTH) {
                problems.add("MIDDLEMILE_API_TOKEN is shorter than " + MIN_LENGTH + " characters");
            } else if (tokens.containsKey(SINGLE_TOKEN_NAME)) {
                problems.add("MIDDLEMILE_API_TOKENS names a token " + SINGLE_TOKEN_NAME + ", the name MIDDLEMILE_API_TOKEN's token gets");
            } else {
                tokens.put(SINGLE_TOKEN_NAME, singleToken.trim().getBytes(StandardCharsets.UTF_8));
            }
        }
        Set<String> readers = new LinkedHashSet<>();
        if (readOnly != null && !readOnly.isBlank()) {
            for (String name : readOnly.split(",")) {
                if (name.trim().startsWith(AGENT_PREFIX)) {
                    problems.add("MIDDLEMILE_API_READ_ONLY names " + name.trim() + ", an agent's token; agent tokens reach only the"
                            + " agent gateway already, so leave them out of this list");
                } else if (!name.isBlank() && !tokens.containsKey(name.trim())) {
                    problems.add("MIDDLEMILE_API_READ_ONLY names " + name.trim() + ", which has no token in MIDDLEMILE_API_TOKENS");
                } else if (!name.isBlank()) {
                    readers.add(name.trim());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("The REST API's tokens are misconfigured: " + String.join("; ", problems)
                    + ". Make tokens with e.g. `openssl rand -hex 24`.");
        }
        List<String> seen = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : tokens.entrySet()) {
            for (String other : seen) {
                if (MessageDigest.isEqual(entry.getValue(), tokens.get(other))) {
                    throw new IllegalArgumentException("The REST API's tokens are misconfigured: " + other + " and "
                            + entry.getKey() + " have the same token, so the journal could not tell them apart; give each its own");
                }
            }
            seen.add(entry.getKey());
        }
        return new ApiTokens(Map.copyOf(tokens), Set.copyOf(readers));
    }

    /** False when no token is set: the API is off. */
    public boolean enabled() {
        return !tokensByName.isEmpty();
    }

    /** The name of the caller holding this token. Every token is compared, so timing says nothing. */
    public Optional<String> nameOf(String presented) {
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (Map.Entry<String, byte[]> entry : tokensByName.entrySet()) {
            if (MessageDigest.isEqual(given, entry.getValue())) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match);
    }

    /** True for an AI agent's token ({@code agent:NAME}): it reaches only the agent gateway. */
    public static boolean agent(String name) {
        return name.startsWith(AGENT_PREFIX);
    }

    /** True for a caller whose token may only read. */
    public boolean readOnly(String name) {
        return readOnly.contains(name);
    }

    @Override
    public String toString() {
        return "ApiTokens" + tokensByName.keySet(); // names only: a token never reaches a log
    }
}
