package io.middlemile.sandbox.salesforce;

import java.util.List;

/** A parsed SOQL query of the subset the emulator understands. */
record SoqlQuery(List<String> fields, String object, SoqlCondition where, List<OrderBy> orderBy, Integer limit) {

    record OrderBy(String field, boolean descending) {
    }
}
