package io.middlemile.cli;

import io.middlemile.store.ReviewItem;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What `review list` says a parked item would do: the fields of a write, the values and credits of a lookup. */
class ReviewListColumnTest {

    private static ReviewItem item(String action, Map<String, Object> after) {
        return new ReviewItem(1, 1, "job", "crustdata", "people", "key", action, null, after, "rule", ReviewItem.Status.PENDING,
                null, null, null, null, null);
    }

    @Test
    void aWriteShowsTheFieldsItSets() {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("lifecyclestage", "customer");
        after.put("hubspot_owner_id", "42");

        assertThat(ReviewCommand.what(item("update", after))).isEqualTo("[lifecyclestage, hubspot_owner_id]");
    }

    @Test
    void aLookupShowsTheValuesItBuysAndTheMostItMayCost() {
        Map<String, Object> intent = new LinkedHashMap<>();
        intent.put("waterfall", "contacts");
        intent.put("groups", List.of("job"));
        intent.put("fields", List.of("title", "seniority"));
        intent.put("maxCredits", 1.0);

        assertThat(ReviewCommand.what(item("spend", intent))).isEqualTo("[title, seniority] for up to 1.0 credits");
    }
}
