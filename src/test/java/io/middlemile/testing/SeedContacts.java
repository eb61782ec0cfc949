package io.middlemile.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The people the sync tests seed HubSpot with, written once so that each test names who it seeds and
 * keeps its assertions about them: Bob (full record), Liz and Elizabeth O'Brien (one person twice, for
 * merges and email matching), Raj (full record; some tests seed him without phone or title).
 */
public final class SeedContacts {

    /** HubSpot property names, in the order of a seed CSV's columns. */
    public static final List<String> HUBSPOT_PROPERTIES = List.of("email", "firstname", "lastname", "phone", "jobtitle", "country");

    public static final Contact BOB = new Contact("bob.mcdonald@acme.com", "Bob", "McDonald", "+14155550134", "VP Sales", "United States");
    public static final Contact LIZ = new Contact("liz.obrien@northwind.co.uk", "Liz", "O'Brien", "+442079460958", "Head of Marketing",
            "United Kingdom");
    /** Liz again under another address, without phone or title: the duplicate that merges into {@link #LIZ}. */
    public static final Contact ELIZABETH = new Contact("elizabeth.obrien@northwind.co.uk", "Elizabeth", "O'Brien", "", "",
            "United Kingdom");
    public static final Contact RAJ = new Contact("raj.kumar@globex.io", "Raj", "Kumar", "+49301234567", "Engineer", "Germany");

    private SeedContacts() {
    }

    /** One seed contact; an empty value is a property the record does not have. */
    public record Contact(String email, String firstname, String lastname, String phone, String jobtitle, String country) {

        /** The contact's HubSpot properties among {@code names} (in that order), leaving out those it has no value for. */
        public Map<String, String> hubspot(String... names) {
            Map<String, String> chosen = new LinkedHashMap<>();
            for (String name : names) {
                if (!value(name).isEmpty()) {
                    chosen.put(name, value(name));
                }
            }
            return chosen;
        }

        /** The value of one of {@link #HUBSPOT_PROPERTIES}; empty when the contact has none. */
        public String value(String property) {
            return switch (property) {
                case "email" -> email;
                case "firstname" -> firstname;
                case "lastname" -> lastname;
                case "phone" -> phone;
                case "jobtitle" -> jobtitle;
                case "country" -> country;
                default -> throw new IllegalArgumentException(property + " is not one of the seed properties " + HUBSPOT_PROPERTIES);
            };
        }
    }

    /** A HubSpot contacts CSV (header row of {@code properties}, one row per contact; blank cells stay unset). */
    public static String hubspotCsv(List<String> properties, Contact... contacts) {
        String rows = Stream.of(contacts).map(contact -> properties.stream().map(contact::value)
                .collect(Collectors.joining(","))).collect(Collectors.joining("\n"));
        return String.join(",", properties) + "\n" + rows + "\n";
    }

    /** As {@link #hubspotCsv(List, Contact...)} with every seed property. */
    public static String hubspotCsv(Contact... contacts) {
        return hubspotCsv(HUBSPOT_PROPERTIES, contacts);
    }
}
