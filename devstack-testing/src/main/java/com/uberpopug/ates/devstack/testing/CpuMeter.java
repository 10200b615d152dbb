package com.uberpopug.ates.devstack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent while a benchmark runs, read from {@code /proc}: by this JVM (the service under test and the load
 * it drives), by the processes it started and waited for (pgbench), by the PostgreSQL cluster (the postmaster, its
 * live backends and those that ended), and by the whole machine (every core, every process: Kafka, Debezium Server
 * and anything else). On a machine shared with other work the throughput of a run depends on what else runs; the
 * CPU an event costs much less so, which makes it the figure to compare runs by.
 *
 * <pre>{@code
 * CpuMeter cpu = CpuMeter.start(postgresDataDir);
 * ... the measured work ...
 * CpuMeter.Use used = cpu.stop();
 * System.out.println(used.perEvent(events));
 * }</pre>
 */
public final class CpuMeter {

    /** USER_HZ: the kernel reports CPU times in ticks of 10 ms. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Path postmasterPid;
    private final Sample start;

    private CpuMeter(Path postmasterPid) {
        this.postmasterPid = postmasterPid;
        this.start = sample(postmasterPid);
    }

    /**
     * Starts measuring; {@code postgresDataDir} is the data directory of the cluster to count (its
     * {@code postmaster.pid} names the postmaster), or null to leave PostgreSQL out.
     */
    public static CpuMeter start(Path postgresDataDir) {
        return new CpuMeter(postgresDataDir == null ? null : postgresDataDir.resolve("postmaster.pid"));
    }

    /** The CPU used since {@link #start(Path)}. */
    public Use stop() {
        Sample now = sample(postmasterPid);
        return new Use(
                now.jvm - start.jvm,
                now.children - start.children,
                now.postgres - start.postgres,
                now.machine - start.machine,
                (now.nanos - start.nanos) / 1e9);
    }

    /**
     * CPU seconds used, each over the same interval of {@code wallSeconds}: this JVM, the processes it waited for,
     * the PostgreSQL cluster, and the whole machine (which includes the others).
     */
    public record Use(double jvm, double children, double postgres, double machine, double wallSeconds) {

        /** Milliseconds of CPU per event (or request, or transaction): JVM, PostgreSQL and the machine. */
        public String perEvent(long events) {
            return String.format(
                    "CPU per event: JVM %.3f ms, PostgreSQL %.3f ms, whole machine %.3f ms (%.2f of %d cores busy)",
                    jvmMillisPer(events),
                    postgresMillisPer(events),
                    machineMillisPer(events),
                    machine / wallSeconds,
                    Runtime.getRuntime().availableProcessors());
        }

        public double jvmMillisPer(long events) {
            return (jvm + children) * 1000 / events;
        }

        public double postgresMillisPer(long events) {
            return postgres * 1000 / events;
        }

        public double machineMillisPer(long events) {
            return machine * 1000 / events;
        }
    }

    private record Sample(double jvm, double children, double postgres, double machine, long nanos) {}

    private static Sample sample(Path postmasterPid) {
        long[] self = stat(Path.of("/proc/self/stat"));
        return new Sample(
                (self[1] + self[2]) / TICKS_PER_SECOND,
                (self[3] + self[4]) / TICKS_PER_SECOND,
                postmasterPid == null ? 0 : postgres(postmasterPid),
                machine(),
                System.nanoTime());
    }

    /** The postmaster's own time, its ended children's and its live backends'. */
    private static double postgres(Path pidFile) {
        long postmaster;
        try {
            postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] server = stat(Path.of("/proc/" + postmaster + "/stat"));
        long backends;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            backends = processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> statOrNull(p.resolve("stat")))
                    .filter(s -> s != null && s[0] == postmaster)
                    .mapToLong(s -> s[1] + s[2])
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (server[1] + server[2] + server[3] + server[4] + backends) / TICKS_PER_SECOND;
    }

    /** Every core's busy time: the first line of /proc/stat without idle and iowait. */
    private static double machine() {
        try {
            String[] cpu =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] statOrNull(Path stat) {
        try {
            return stat(stat);
        } catch (RuntimeException e) {
            return null; // the process ended meanwhile
        }
    }

    /** ppid, utime, stime, cutime, cstime (in clock ticks) from a /proc/[pid]/stat. */
    private static long[] stat(Path stat) {
        try {
            String line = Files.readString(stat);
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return new long[] {
                Long.parseLong(fields[1]),
                Long.parseLong(fields[11]),
                Long.parseLong(fields[12]),
                Long.parseLong(fields[13]),
                Long.parseLong(fields[14])
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
