package com.uberpopug.ates.tasks.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far, from /proc: by this JVM (the service and the load it drives), by the processes it started
 * and waited for (pgbench), and by the PostgreSQL cluster (the postmaster, its live backends and those that ended).
 * On a machine shared with other work the throughput of a run depends on what else runs; the CPU time a transaction
 * costs much less so.
 */
record CpuMeter(double jvm, double children, double postgres) {

    private static final double TICKS_PER_SECOND = 100.0;

    static CpuMeter now(Path postmasterPid) {
        long[] self = stat(Path.of("/proc/self/stat"));
        long postmaster = postmaster(postmasterPid);
        long[] server = stat(Path.of("/proc/" + postmaster + "/stat"));
        long backends;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            backends = processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .map(p -> p.resolve("stat"))
                    .map(CpuMeter::statOrNull)
                    .filter(s -> s != null && s[0] == postmaster)
                    .mapToLong(s -> s[1] + s[2])
                    .sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new CpuMeter(
                (self[1] + self[2]) / TICKS_PER_SECOND,
                (self[3] + self[4]) / TICKS_PER_SECOND,
                (server[1] + server[2] + server[3] + server[4] + backends) / TICKS_PER_SECOND);
    }

    CpuMeter minus(CpuMeter before) {
        return new CpuMeter(jvm - before.jvm, children - before.children, postgres - before.postgres);
    }

    private static long postmaster(Path pidFile) {
        try {
            return Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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
            throw new java.io.UncheckedIOException(e);
        }
    }
}
