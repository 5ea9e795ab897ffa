package org.sirnn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PromtoolNamesTest {
  @Test
  void renamesTheProcessorMetersPromtoolRejects() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(PromtoolNames.filter());
    new ProcessorMetrics().bindTo(registry);
    assertNull(registry.find(PromtoolNames.SYSTEM_CPU_COUNT).meter());
    assertNotNull(registry.find("system.cpus").gauge());
    assertNull(registry.find(PromtoolNames.PROCESS_CPU_TIME).meter(), "process CPU time in ns is dropped");
    assertNotNull(registry.find("process.cpu.usage").gauge());
    registry.close();
  }

  @Test
  void leavesOtherMetersAlone() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(PromtoolNames.filter());
    registry.counter("sirnn.protocol.sent.bytes", "layer", "x").increment();
    assertNotNull(registry.find("sirnn.protocol.sent.bytes").counter());
    registry.close();
  }
}
