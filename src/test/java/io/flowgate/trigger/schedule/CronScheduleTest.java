package io.flowgate.trigger.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");

    private static List<String> fires(String cron, ZoneId zone, String from, int count) {
        return CronSchedule.parse(cron).next(OffsetDateTime.parse(from).toInstant(), zone, count).stream()
                .map(i -> i.atZone(zone).toOffsetDateTime().toString()).toList();
    }

    @Test
    void a_weekday_schedule_fires_at_nine_paris_time_with_the_zone_offset() {
        assertThat(fires("0 9 * * MON-FRI", PARIS, "2026-11-20T10:00:00+01:00", 3))
                .containsExactly("2026-11-23T09:00+01:00", "2026-11-24T09:00+01:00", "2026-11-25T09:00+01:00");
    }

    @Test
    void a_daily_0230_job_runs_once_at_the_end_of_the_gap_on_the_paris_spring_forward_day() {
        assertThat(fires("30 2 * * *", PARIS, "2026-03-28T12:00:00+01:00", 3))
                .containsExactly("2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00", "2026-03-31T02:30+02:00");
    }

    @Test
    void a_daily_0230_job_runs_once_on_the_paris_fall_back_day() {
        assertThat(fires("30 2 * * *", PARIS, "2026-10-24T12:00:00+02:00", 3))
                .containsExactly("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00", "2026-10-27T02:30+01:00");
    }

    @Test
    void a_quarter_hourly_job_keeps_its_rhythm_through_the_repeated_hour_in_new_york() {
        assertThat(fires("*/15 * * * *", NEW_YORK, "2026-11-01T01:30:00-04:00", 7)).containsExactly(
                "2026-11-01T01:45-04:00", "2026-11-01T01:00-05:00", "2026-11-01T01:15-05:00",
                "2026-11-01T01:30-05:00", "2026-11-01T01:45-05:00", "2026-11-01T02:00-05:00",
                "2026-11-01T02:15-05:00");
    }

    @Test
    void an_hourly_job_skips_nothing_and_doubles_nothing_across_the_new_york_spring_gap() {
        assertThat(fires("0 * * * *", NEW_YORK, "2026-03-08T00:30:00-05:00", 3))
                .containsExactly("2026-03-08T01:00-05:00", "2026-03-08T03:00-04:00", "2026-03-08T04:00-04:00");
    }

    @Test
    void lord_howe_half_hour_shift_moves_a_0215_job_to_0230_and_runs_a_0145_job_once_on_fall_back() {
        assertThat(fires("15 2 * * *", LORD_HOWE, "2026-10-03T12:00:00+10:30", 2))
                .containsExactly("2026-10-04T02:30+11:00", "2026-10-05T02:15+11:00");
        assertThat(fires("45 1 * * *", LORD_HOWE, "2026-04-04T12:00:00+11:00", 2))
                .containsExactly("2026-04-05T01:45+11:00", "2026-04-06T01:45+10:30");
    }

    @Test
    void seconds_field_expressions_fire_every_few_seconds() {
        assertThat(fires("*/20 * * * * ?", ZoneId.of("UTC"), "2026-01-01T00:00:00Z", 4)).containsExactly(
                "2026-01-01T00:00:20Z", "2026-01-01T00:00:40Z", "2026-01-01T00:01Z", "2026-01-01T00:01:20Z");
        assertThat(fires("*/30 * * * * *", ZoneId.of("UTC"), "2026-01-01T00:00:00Z", 2))
                .containsExactly("2026-01-01T00:00:30Z", "2026-01-01T00:01Z");
        assertThat(fires("0 0 12 * * ? 2027", ZoneId.of("UTC"), "2026-01-01T00:00:00Z", 1))
                .containsExactly("2027-01-01T12:00Z");
    }

    @Test
    void macros_expand_to_their_unix_forms() {
        assertThat(fires("@hourly", ZoneId.of("UTC"), "2026-01-01T00:10:00Z", 1)).containsExactly("2026-01-01T01:00Z");
        assertThat(fires("@daily", PARIS, "2026-01-01T00:10:00+01:00", 1)).containsExactly("2026-01-02T00:00+01:00");
        assertThat(fires("@weekly", ZoneId.of("UTC"), "2026-01-01T00:00:00Z", 1)).containsExactly("2026-01-04T00:00Z");
        assertThat(fires("@monthly", ZoneId.of("UTC"), "2026-01-01T00:00:00Z", 1)).containsExactly("2026-02-01T00:00Z");
        assertThat(fires("@yearly", ZoneId.of("UTC"), "2026-01-01T00:00:00Z", 1)).containsExactly("2027-01-01T00:00Z");
    }

    @Test
    void an_invalid_expression_names_the_field_at_fault() {
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *"))
                .isInstanceOfSatisfying(InvalidCronException.class, e -> assertThat(e.field()).isEqualTo("minute"));
        assertThatThrownBy(() -> CronSchedule.parse("0 25 * * *"))
                .isInstanceOfSatisfying(InvalidCronException.class, e -> assertThat(e.field()).isEqualTo("hour"));
        assertThatThrownBy(() -> CronSchedule.parse("0 9 * * FOO"))
                .isInstanceOfSatisfying(InvalidCronException.class, e -> assertThat(e.field()).isEqualTo("day-of-week"));
        assertThatThrownBy(() -> CronSchedule.parse("0 0 9 * 13 ?"))
                .isInstanceOfSatisfying(InvalidCronException.class, e -> assertThat(e.field()).isEqualTo("month"));
        assertThatThrownBy(() -> CronSchedule.parse("* *"))
                .isInstanceOfSatisfying(InvalidCronException.class, e -> assertThat(e.field()).isEqualTo("expression"));
        assertThatThrownBy(() -> CronSchedule.parse("@often"))
                .isInstanceOfSatisfying(InvalidCronException.class, e -> assertThat(e.getMessage()).contains("@daily"));
    }

    @Test
    void fire_times_are_whole_seconds_even_after_an_instant_with_a_fraction() {
        CronSchedule everySecond = CronSchedule.parse("* * * * * *");
        assertThat(everySecond.next(Instant.parse("2026-01-01T00:00:08.798Z"), PARIS))
                .contains(Instant.parse("2026-01-01T00:00:09Z"));
        assertThat(everySecond.next(Instant.parse("2026-01-01T00:00:09Z"), PARIS))
                .contains(Instant.parse("2026-01-01T00:00:10Z"));
        assertThat(CronSchedule.parse("*/15 * * * *").next(Instant.parse("2026-11-01T05:59:59.500Z"), NEW_YORK))
                .contains(Instant.parse("2026-11-01T06:00:00Z"));
    }

    @Test
    void a_date_that_never_comes_has_no_next_fire() {
        assertThat(CronSchedule.parse("0 0 30 2 *").next(Instant.parse("2026-01-01T00:00:00Z"), PARIS)).isEmpty();
    }
}
