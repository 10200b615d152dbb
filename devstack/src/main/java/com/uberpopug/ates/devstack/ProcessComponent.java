package com.uberpopug.ates.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A component that is one process tree, known by the mark of its log file ({@link OsProcess#MARK}): whatever its
 * last start left (a second start, a restart after a kill, a shell's child, an orphaned backend), {@link #stop()}
 * and {@link #kill()} find all of it.
 */
abstract class ProcessComponent implements Component {

    protected final Path log;
    protected final Path pidFile;
    private final Duration grace;
    private OsProcess process;

    ProcessComponent(Path log, Path pidFile, Duration grace) {
        this.log = log;
        this.pidFile = pidFile;
        this.grace = grace;
    }

    @Override
    public final Path log() {
        return log;
    }

    @Override
    public final void start() {
        if (isRunning()) {
            throw new IllegalStateException(name() + " is already running (pids " + pids() + ")");
        }
        try {
            launch();
        } catch (RuntimeException e) {
            kill(); // a component that did not become ready leaves nothing behind
            throw e;
        }
    }

    /** Starts the process (through {@link #spawn}) and waits until it is ready. */
    protected abstract void launch();

    protected final OsProcess spawn(List<String> command, Path workDir, Map<String, String> env) {
        process = OsProcess.start(name(), command, workDir, env, log, pidFile);
        return process;
    }

    protected final OsProcess process() {
        return process;
    }

    @Override
    public final void stop() {
        if (process != null) {
            beforeStop(process);
            process.stop(grace);
        }
        OsProcess.killMarked(null, log); // what an earlier start left, orphans included
        process = null;
    }

    /** A last word before SIGTERM, e.g. PostgreSQL's fast shutdown. */
    protected void beforeStop(OsProcess running) {}

    @Override
    public final void kill() {
        if (process != null) {
            process.kill();
        }
        OsProcess.killMarked(null, log);
        process = null;
    }

    /** Freezes the component (SIGSTOP to all of it): it holds its connections and does nothing until resumed. */
    public final void pause() {
        signalAll("STOP");
    }

    /** Lets a paused component go on (SIGCONT). */
    public final void resume() {
        signalAll("CONT");
    }

    private void signalAll(String signal) {
        if (process != null) {
            process.treeSignal(signal);
        }
        OsProcess.marked(log).forEach(marked -> OsProcess.signalWithChildren(marked, signal));
    }

    @Override
    public final boolean isRunning() {
        return (process != null && process.treeAlive())
                || !OsProcess.marked(log).isEmpty();
    }

    private List<Long> pids() {
        return OsProcess.marked(log).stream().map(ProcessHandle::pid).toList();
    }
}
