/**
 * Schedule triggers (docs/triggers.md): the {@code schedule:} block parsed into {@link io.flowgate.trigger.schedule.ScheduleSpec}s,
 * cron next-fire times with time zones and DST ({@link io.flowgate.trigger.schedule.CronSchedule}), the pure
 * slot planning of misfire policies ({@link io.flowgate.trigger.schedule.SlotPlan}), and the
 * {@link io.flowgate.trigger.schedule.Scheduler} loop that fires due slots exactly once through the engine.
 * May import core, workflow, expr (trigger data pills), the engine's {@code Executions} interface and store ports;
 * never HTTP, JDBC or ops (metrics reach ops through {@link io.flowgate.trigger.schedule.ScheduleListener}).
 */
package io.flowgate.trigger.schedule;
