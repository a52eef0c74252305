package io.distill.runtime.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The basics of this JVM, named as the Prometheus Java client names them, so existing dashboards apply:
 *
 * <pre>
 *   jvm_memory_used_bytes{area="heap"|"nonheap"}       gauge
 *   jvm_memory_committed_bytes{area}                    gauge
 *   jvm_memory_max_bytes{area}                          gauge (-1 when undefined)
 *   jvm_gc_collections_total{gc}                        counter, per collector
 *   jvm_gc_collection_seconds_total{gc}                 counter, per collector
 *   jvm_threads_current, jvm_threads_daemon, jvm_threads_peak   gauges
 *   jvm_threads_started_total                           counter
 *   jvm_info{runtime,vendor,version}                    gauge, always 1
 *   process_start_time_seconds                          gauge, Unix time
 *   process_uptime_seconds                              gauge
 *   process_cpu_seconds_total                           counter (when the JVM reports it)
 *   process_open_fds, process_max_fds                   gauges (Unix)
 * </pre>
 */
public final class JvmMetrics implements MetricSource {
    private static final Map<String, String> HEAP = Map.of("area", "heap");
    private static final Map<String, String> NON_HEAP = Map.of("area", "nonheap");
    private static final double MILLIS = 1e3;
    private static final double NANOS = 1e9;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final Map<String, String> info;

    public JvmMetrics() {
        final Map<String, String> labels = new LinkedHashMap<>();
        labels.put("runtime", String.valueOf(System.getProperty("java.runtime.name")));
        labels.put("vendor", String.valueOf(System.getProperty("java.vm.vendor")));
        labels.put("version", String.valueOf(System.getProperty("java.runtime.version")));
        this.info = Collections.unmodifiableMap(labels);
    }

    @Override
    public void collect(final MetricSink sink) {
        memory(sink, memory.getHeapMemoryUsage(), HEAP);
        memory(sink, memory.getNonHeapMemoryUsage(), NON_HEAP);
        final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        for (final GarbageCollectorMXBean gc : collectors) {
            final Map<String, String> labels = Map.of("gc", gc.getName());
            final long count = gc.getCollectionCount();
            if (count >= 0) {
                sink.sample("jvm_gc_collections_total", MetricType.COUNTER, "Garbage collections, per collector.", labels, count);
            }
            final long time = gc.getCollectionTime();
            if (time >= 0) {
                sink.sample("jvm_gc_collection_seconds_total", MetricType.COUNTER,
                    "Time spent in garbage collection (accumulated elapsed time), per collector.", labels, time / MILLIS);
            }
        }
        sink.sample("jvm_threads_current", MetricType.GAUGE, "Live threads, daemon and non-daemon.", Map.of(),
            threads.getThreadCount());
        sink.sample("jvm_threads_daemon", MetricType.GAUGE, "Live daemon threads.", Map.of(), threads.getDaemonThreadCount());
        sink.sample("jvm_threads_peak", MetricType.GAUGE, "Most live threads since the JVM started.", Map.of(),
            threads.getPeakThreadCount());
        sink.sample("jvm_threads_started_total", MetricType.COUNTER, "Threads started since the JVM started.", Map.of(),
            threads.getTotalStartedThreadCount());
        sink.sample("jvm_info", MetricType.GAUGE, "The Java runtime; the value is always 1.", info, 1);
        sink.sample("process_start_time_seconds", MetricType.GAUGE, "Start time of the process, in seconds since the Unix epoch.",
            Map.of(), runtime.getStartTime() / MILLIS);
        sink.sample("process_uptime_seconds", MetricType.GAUGE, "Time since the JVM started, in seconds.", Map.of(),
            runtime.getUptime() / MILLIS);
        final long cpuNanos = os instanceof com.sun.management.OperatingSystemMXBean cpu ? cpu.getProcessCpuTime() : -1;
        if (cpuNanos >= 0) {
            sink.sample("process_cpu_seconds_total", MetricType.COUNTER, "CPU time used by the process, user and system, in seconds.",
                Map.of(), cpuNanos / NANOS);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            sink.sample("process_open_fds", MetricType.GAUGE, "Open file descriptors.", Map.of(), unix.getOpenFileDescriptorCount());
            sink.sample("process_max_fds", MetricType.GAUGE, "Most file descriptors the process may open.", Map.of(),
                unix.getMaxFileDescriptorCount());
        }
    }

    private static void memory(final MetricSink sink, final MemoryUsage usage, final Map<String, String> area) {
        sink.sample("jvm_memory_used_bytes", MetricType.GAUGE, "Memory in use, by area.", area, usage.getUsed());
        sink.sample("jvm_memory_committed_bytes", MetricType.GAUGE, "Memory committed by the JVM, by area.", area,
            usage.getCommitted());
        sink.sample("jvm_memory_max_bytes", MetricType.GAUGE, "Most memory the area may use, -1 when undefined.", area,
            usage.getMax());
    }
}
