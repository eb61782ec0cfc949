/**
 * Pure, thread-safe value standardizers used by mappings and the dedupe engine.
 *
 * <p>Every {@link io.middlemile.standardize.Standardizer} turns one raw string into a
 * {@link io.middlemile.standardize.Standardized}: a display value, a match key and a
 * {@link io.middlemile.standardize.Verdict}. None of them throws, whatever the input (null, blank, emoji, 10k
 * characters); unusable input yields INVALID with a human-readable reason and a null key, so garbage can never
 * produce a match. Look standardizers up by name through {@link io.middlemile.standardize.Standardizers}.
 *
 * <p>Bundled tables live in {@code src/main/resources/standardize/} and were compiled for Middlemile
 * (Apache-2.0): free-mail domains, country aliases, ISO 3166-2 regions, given-name/nickname groups and the titles
 * and suffixes of person names. Country names otherwise come from the JDK's {@link java.util.Locale} data, phone
 * metadata from libphonenumber and the Public Suffix List (registrable domains) from Guava's
 * {@code InternetDomainName}, so those three move with their library's version.
 *
 * <p>Performance: tables are loaded once into immutable maps, regexes are precompiled, and inputs longer than
 * a few hundred to 2048 characters (depending on the field) are rejected before any parsing.
 */
package io.middlemile.standardize;
