package io.middlemile.testing;

import io.middlemile.connector.ChangeSource;
import io.middlemile.connector.Connector;
import io.middlemile.connector.ConnectorDescription;
import io.middlemile.connector.Cursor;
import io.middlemile.connector.HealthCheck;
import io.middlemile.connector.SourcePage;
import io.middlemile.connector.SourceRecord;
import io.middlemile.model.SourceRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source in memory for job runs: {@code pages} pages of two records each, {@code PREFIXp1-a}, {@code PREFIXp1-b},
 * then {@code PREFIXp2-a}, ...; the cursor after page N is {@code after-pN}. A snapshot: every run reads it whole.
 */
public final class PagedSource implements Connector, ChangeSource {

    private final String prefix;
    private final int pages;

    public PagedSource(String prefix, int pages) {
        this.prefix = prefix;
        this.pages = pages;
    }

    @Override
    public ConnectorDescription describe() {
        return new ConnectorDescription("memory-source", "memory", Map.of("contacts", List.of("id")), List.of("ChangeSource"));
    }

    @Override
    public HealthCheck check() {
        return HealthCheck.ok("in memory");
    }

    @Override
    public SourcePage readChanges(String object, Cursor cursor, int pageSize) {
        int page = cursor.isStart() ? 1 : Integer.parseInt(cursor.value().substring("after-p".length())) + 1;
        List<SourceRecord> records = new ArrayList<>();
        for (String id : List.of("a", "b")) {
            String sourceId = prefix + "p" + page + "-" + id;
            records.add(new SourceRecord(new SourceRef("source", object, sourceId), Map.of("id", sourceId), null, sourceId));
        }
        return new SourcePage(records, List.of(), new Cursor("after-p" + page), page == pages, page / (double) pages);
    }

    @Override
    public boolean incremental() {
        return false;
    }
}
