package com.uberpopug.ates.platform.info;

import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

@Path("/api/service-info")
@Produces(MediaType.APPLICATION_JSON)
/**
 * {@code /api/service-info} of every service: its name, the Flyway version of its schema and the database it is
 * connected to, so that an operator sees at once which build runs on which schema.
 */
public class ServiceInfoResource {

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @Inject
    Flyway flyway;

    @Inject
    AgroalDataSource dataSource;

    @GET
    @Operation(
            summary = "Describe this service",
            description = "The service's name, the Flyway version of its schema and the database it is connected to.")
    @APIResponse(
            responseCode = "200",
            description = "The service and its schema",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ServiceInfo.class)))
    public ServiceInfo serviceInfo() throws SQLException {
        MigrationInfo current = flyway.info().current();
        return new ServiceInfo(
                service, current == null ? null : current.getVersion().getVersion(), currentDatabase());
    }

    private String currentDatabase() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_database()")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
