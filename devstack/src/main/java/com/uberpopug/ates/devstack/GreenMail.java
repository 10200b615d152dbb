package com.uberpopug.ates.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** GreenMail standalone: a real SMTP and IMAP server whose web API lets people and tests read what was sent. */
public final class GreenMail extends ProcessComponent {

    private final int smtpPort;
    private final int imapPort;
    private final int apiPort;
    private final Path workDir;

    public GreenMail(int smtpPort, int imapPort, int apiPort, Path workDir, Path log, Path pidFile) {
        super(log, pidFile, Duration.ofSeconds(15));
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
        this.apiPort = apiPort;
        this.workDir = workDir;
    }

    @Override
    public String name() {
        return "greenmail";
    }

    @Override
    public Map<String, Integer> ports() {
        return Map.of("GreenMail SMTP", smtpPort, "GreenMail IMAP", imapPort, "GreenMail API", apiPort);
    }

    public int smtpPort() {
        return smtpPort;
    }

    public String apiUrl() {
        return "http://localhost:" + apiPort;
    }

    @Override
    protected void launch() {
        OsProcess process = spawn(
                List.of(
                        Java.executable(),
                        "-Xms32m",
                        "-Xmx128m",
                        "-Dgreenmail.smtp.hostname=127.0.0.1",
                        "-Dgreenmail.smtp.port=" + smtpPort,
                        "-Dgreenmail.imap.hostname=127.0.0.1",
                        "-Dgreenmail.imap.port=" + imapPort,
                        "-Dgreenmail.api.hostname=127.0.0.1",
                        "-Dgreenmail.api.port=" + apiPort,
                        "-Dgreenmail.auth.disabled",
                        "-Dgreenmail.verbose=false",
                        "-jar",
                        Artifacts.path("greenmail.jar").toString()),
                workDir,
                Map.of());
        Readiness.await(
                process,
                Duration.ofSeconds(60),
                "GET /api/service/readiness on port " + apiPort,
                () -> Readiness.httpOk(apiUrl() + "/api/service/readiness") && Readiness.portOpen(smtpPort));
    }
}
