package com.uberpopug.ates.e2e;

import static io.restassured.RestAssured.given;

import com.uberpopug.ates.devstack.Stack;
import com.uberpopug.ates.devstack.testing.KeycloakTokens;
import com.uberpopug.ates.devstack.testing.ThrowawayFolder;
import com.uberpopug.ates.devstack.testing.WebClientOrigins;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The whole system, started once for every end-to-end test of this JVM by the launcher of {@code ./ates start}
 * (free ports, a {@link ThrowawayFolder}), stopped when the tests are over ({@link StopTheWholeSystem}; the JVM's
 * shutdown hook and the folder's reaper are there for a run that ends otherwise), every component with whatever of
 * it runs, restarted by a test or not. Tests meet it only through its public faces:
 * tokens from Keycloak, the REST APIs, the dashboards, the mail server's API, Zipkin's API and the Kafka topics.
 *
 * <p>The service tests' {@code TestInfrastructure} is kept apart from it on purpose: there the service under test
 * runs inside the test JVM, so only PostgreSQL and Kafka (Keycloak and Debezium Server on demand) are started, found
 * again from a second Quarkus class loader; here every component and the three services run as processes, started
 * once through the launcher, with a billing zone whose day ends within the run. What both need is shared through
 * devstack-testing: the folder, the free ports, Keycloak's tokens and the realm's web client.
 */
final class WholeSystem {

    static final List<String> WORKERS = List.of("popug1", "popug2", "popug3", "popug4", "popug5");
    static final List<String> EVERYONE =
            List.of("admin", "manager", "accountant", "popug1", "popug2", "popug3", "popug4", "popug5");

    private static WholeSystem instance;

    private final Path dataDir;
    private final Stack stack;
    private final ZoneId billingZone;

    private final LocalDate firstDay;

    private WholeSystem(Path dataDir, Stack stack, ZoneId billingZone) {
        this.dataDir = dataDir;
        this.stack = stack;
        this.billingZone = billingZone;
        this.firstDay = LocalDate.now(billingZone);
    }

    /** The billing day the run started in. */
    LocalDate firstDay() {
        return firstDay;
    }

    static synchronized WholeSystem get() {
        if (instance == null) {
            Path root = Path.of(System.getProperty("ates.root", ".."))
                    .toAbsolutePath()
                    .normalize();
            Path dataDir = ThrowawayFolder.create("ates-e2e-");
            ZoneId zone = zoneWhoseDayEndsIn(FIRST_DAY);
            Stack stack = new Stack(root, dataDir, Stack.Ports.free(), false)
                    .withServiceEnvironment(Map.of("ATES_BILLING_ZONE", zone.getId()));
            WholeSystem system = new WholeSystem(dataDir, stack, zone);
            instance = system;
            Runtime.getRuntime().addShutdownHook(new Thread(WholeSystem::stopIfStarted, "ates-e2e-stop"));
            try {
                stack.start(System.out);
            } catch (RuntimeException e) {
                stopIfStarted();
                throw e;
            }
            system.allowDashboardsOnTheirPorts();
        }
        return instance;
    }

    /** How long the first billing day of the run lasts: the day scenario works in it, then sees it end. */
    static final Duration FIRST_DAY = Duration.ofMinutes(Long.getLong("ates.e2e.first-day-minutes", 6));

    /**
     * A billing time zone whose current day ends {@link #FIRST_DAY} from now: long enough for the day scenario's
     * work, and then a real midnight (the scheduler closes the day) within the run, whatever the hour of the run.
     */
    private static ZoneId zoneWhoseDayEndsIn(Duration left) {
        Instant end = Instant.now().plus(left).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        // the offset at which that instant is a midnight
        int minutesOfUtcDay = (int) (end.getEpochSecond() / 60 % (24 * 60));
        int offsetMinutes = -minutesOfUtcDay;
        if (offsetMinutes < -12 * 60) {
            offsetMinutes += 24 * 60;
        }
        return ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
    }

    /**
     * The local realm lets the dashboards' client redirect back to the default ports only; this stack runs on free
     * ports, so its client learns them, through Keycloak's admin API as an administrator would.
     */
    private void allowDashboardsOnTheirPorts() {
        WebClientOrigins.allow(
                stack.keycloak().url(), Stack.SERVICES.stream().map(this::url).toList());
    }

    Stack stack() {
        return stack;
    }

    ZoneId billingZone() {
        return billingZone;
    }

    /** Today in the billing time zone: the day billing books entries on. */
    LocalDate today() {
        return LocalDate.now(billingZone);
    }

    String url(String service) {
        return stack.service(service).url();
    }

    /** An access token of a seeded user, reused while it has two minutes left (the realm's tokens live five). */
    String token(String user) {
        return KeycloakTokens.accessTokenFrom(stack.keycloak().issuer(), user);
    }

    /** A request to a service as a seeded user (password = user name). */
    RequestSpecification as(String user, String service) {
        return given().baseUri(url(service)).auth().oauth2(token(user)).contentType("application/json");
    }

    RequestSpecification anonymous(String service) {
        return given().baseUri(url(service)).redirects().follow(false);
    }

    String mailApi() {
        return stack.greenMail().apiUrl();
    }

    /** Zipkin's root, where the services' spans land: its JSON API under /api/v2, its UI under /zipkin/. */
    String zipkin() {
        return stack.zipkin().url();
    }

    /** Stops every component (in order, whatever of each runs) and deletes the folder; once, whoever asks first. */
    static synchronized void stopIfStarted() {
        if (instance == null) {
            return;
        }
        WholeSystem system = instance;
        instance = null;
        try {
            system.stack.stop(System.out);
        } finally {
            ThrowawayFolder.release(system.dataDir);
        }
    }
}
