package org.sirnn.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Renames the two meters of Micrometer's {@code ProcessorMetrics} binder whose Prometheus names
 * {@code promtool check metrics} rejects, so both parties' /metrics pass it:
 * <ul>
 *   <li>{@code process.cpu.time} (base unit {@code ns}): {@code process_cpu_time_ns_total} "should not contain
 *       abbreviated units", and spelled out as nanoseconds promtool wants seconds: dropped (the same binder's
 *       {@code process_cpu_usage} gauge stays, and the dashboard uses that);</li>
 *   <li>{@code system.cpu.count}: {@code system_cpu_count} "non-histogram and non-summary metrics should not have
 *       '_count' suffix", becomes {@code system_cpus} (the number of processors available to the JVM).</li>
 * </ul>
 * Add it before binding the meters: {@code registry.config().meterFilter(PromtoolNames.filter())}.
 */
public final class PromtoolNames {
  private PromtoolNames() {}

  /** Micrometer name of the process CPU time counter. */
  public static final String PROCESS_CPU_TIME = "process.cpu.time";

  /** Micrometer name of the available-processors gauge. */
  public static final String SYSTEM_CPU_COUNT = "system.cpu.count";

  /** The filter (stateless; one instance may serve any number of registries). */
  public static MeterFilter filter() {
    return new MeterFilter() {
      @Override
      public MeterFilterReply accept(Meter.Id id) {
        return id.getName().equals(PROCESS_CPU_TIME) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
      }

      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getName().equals(SYSTEM_CPU_COUNT)) {
          return id.withName("system.cpus");
        }
        return id;
      }
    };
  }
}
