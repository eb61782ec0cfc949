package io.middlemile.camel;

import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A job's delay becomes the Quartz cron expression a cluster schedules it with, firing at the same period. */
class ClusteredSchedulesTest {

    @Test
    void aDelayThatDividesAMinuteAnHourOrADayFiresAtThatPeriod() throws ParseException {
        for (Duration period : new Duration[] {Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1)}) {
            String cron = ClusteredSchedules.cron("job", period);
            CronExpression expression = new CronExpression(cron);
            Date first = expression.getNextValidTimeAfter(new Date(1_780_000_123_456L));
            Date second = expression.getNextValidTimeAfter(first);
            Date third = expression.getNextValidTimeAfter(second);
            assertThat(second.getTime() - first.getTime()).as(cron).isEqualTo(period.toMillis());
            assertThat(third.getTime() - second.getTime()).as(cron).isEqualTo(period.toMillis());
        }
    }

    @Test
    void theSampleSyncJobsFifteenMinutesAndTheDefaultHourAreQuartzCron() {
        assertThat(ClusteredSchedules.cron("sync", Duration.ofMillis(900_000))).isEqualTo("0 0/15 * * * ?");
        assertThat(ClusteredSchedules.cron("import", Duration.ofMillis(3_600_000))).isEqualTo("0 0 0/1 * * ?");
    }

    @Test
    void aPeriodNoCronCanRepeatIsRefusedWithWhatToDo() {
        for (Duration period : new Duration[] {Duration.ofSeconds(7), Duration.ofSeconds(45), Duration.ofMillis(1500), Duration.ofMinutes(7),
                Duration.ofMinutes(90), Duration.ofHours(5), Duration.ofDays(2), Duration.ZERO}) {
            assertThatThrownBy(() -> ClusteredSchedules.cron("sync-contacts", period)).as(period.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Job sync-contacts runs every " + period.toMillis() + " ms")
                    .hasMessageContaining("scheduler.cron");
        }
    }
}
