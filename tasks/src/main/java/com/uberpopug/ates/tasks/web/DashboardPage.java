package com.uberpopug.ates.tasks.web;

import com.uberpopug.ates.events.task.TaskStatus;
import com.uberpopug.ates.platform.api.InvalidRequestException;
import com.uberpopug.ates.platform.security.Caller;
import com.uberpopug.ates.platform.security.Roles;
import com.uberpopug.ates.tasks.api.ListQuery;
import com.uberpopug.ates.tasks.task.InvalidTaskException;
import com.uberpopug.ates.tasks.task.NewTask;
import com.uberpopug.ates.tasks.task.NoAssignableEmployeeException;
import com.uberpopug.ates.tasks.task.NotYourTaskException;
import com.uberpopug.ates.tasks.task.TaskAlreadyDoneException;
import com.uberpopug.ates.tasks.task.TaskNotFoundException;
import com.uberpopug.ates.tasks.task.TaskReassignment;
import com.uberpopug.ates.tasks.task.TaskTracker;
import com.uberpopug.ates.tasks.task.TaskView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The dashboard (T1, T5, T6): every task a page at a time, the caller's own tasks with a button to mark them done,
 * a form to create a task, and for managers and admins the reassign button. Behind Keycloak's login (code flow);
 * forms post back here and are answered with a redirect to the page, or with the page and what went wrong.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

    private static final int MY_TASKS = 50;
    private static final int ALL_TASKS = 20;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(Dashboard view);
    }

    private final TaskTracker tracker;
    private final TaskReassignment reassignment;
    private final Caller caller;

    DashboardPage(TaskTracker tracker, TaskReassignment reassignment, Caller caller) {
        this.tracker = tracker;
        this.reassignment = reassignment;
        this.caller = caller;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance show(
            @RestQuery String page,
            @RestQuery String status,
            @RestQuery String created,
            @RestQuery String completed,
            @RestQuery String reassigned) {
        return page(
                pageNumber(page),
                status(status),
                Dashboard.Form.EMPTY,
                List.of(),
                notice(created, completed, reassigned));
    }

    @POST
    @Path("/ui/tasks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response create(@RestForm String title, @RestForm String jiraId, @RestForm String description) {
        try {
            TaskView task = tracker.create(new NewTask(title, jiraId, description));
            return seeOther("created", task.id().toString());
        } catch (InvalidTaskException e) {
            return refused(Response.Status.BAD_REQUEST, new Dashboard.Form(title, jiraId, description), e.problems());
        } catch (NoAssignableEmployeeException e) {
            return refused(
                    Response.Status.CONFLICT, new Dashboard.Form(title, jiraId, description), List.of(e.getMessage()));
        }
    }

    @POST
    @Path("/ui/tasks/{id}/complete")
    @Operation(hidden = true)
    public Response complete(@RestPath String id) {
        try {
            TaskView task = tracker.complete(UUID.fromString(id), caller.id());
            return seeOther("completed", task.id().toString());
        } catch (IllegalArgumentException | TaskNotFoundException e) {
            return refused(Response.Status.NOT_FOUND, Dashboard.Form.EMPTY, List.of("there is no task with id " + id));
        } catch (NotYourTaskException e) {
            return refused(Response.Status.FORBIDDEN, Dashboard.Form.EMPTY, List.of(e.getMessage()));
        } catch (TaskAlreadyDoneException e) {
            return refused(Response.Status.CONFLICT, Dashboard.Form.EMPTY, List.of(e.getMessage()));
        }
    }

    @POST
    @Path("/ui/reassign")
    @Operation(hidden = true)
    public Response reassign() {
        if (!canReassign()) {
            return refused(
                    Response.Status.FORBIDDEN,
                    Dashboard.Form.EMPTY,
                    List.of("only managers and admins can reassign the open tasks"));
        }
        try {
            return seeOther("reassigned", Integer.toString(reassignment.reassignOpenTasks()));
        } catch (NoAssignableEmployeeException e) {
            return refused(Response.Status.CONFLICT, Dashboard.Form.EMPTY, List.of(e.getMessage()));
        }
    }

    private Response refused(Response.Status status, Dashboard.Form form, List<String> errors) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(page(0, Optional.empty(), form, errors, null))
                .build();
    }

    private TemplateInstance page(
            int page, Optional<TaskStatus> status, Dashboard.Form form, List<String> errors, String notice) {
        return Templates.dashboard(new Dashboard(
                caller.username(),
                caller.role().map(r -> r.value()).orElse("none"),
                canReassign(),
                tracker.assignedTo(caller.id(), Optional.empty(), 0, MY_TASKS),
                tracker.all(status, page, ALL_TASKS),
                status.map(Enum::name).orElse(""),
                form,
                errors,
                notice));
    }

    private boolean canReassign() {
        return caller.hasRole(Roles.MANAGER) || caller.hasRole(Roles.ADMIN);
    }

    /** A redirect after a successful form: reloading the page then repeats nothing. */
    private static Response seeOther(String what, String value) {
        return Response.seeOther(
                        UriBuilder.fromPath("/").queryParam(what, value).build())
                .build();
    }

    /** What the last action did, from the redirect's parameters; texts are built here, never taken from the URL. */
    private String notice(String created, String completed, String reassigned) {
        if (created != null) {
            return describe(created)
                    .map(t -> "Created \"" + t.title() + "\", assigned to "
                            + t.assignee().username() + ".")
                    .orElse(null);
        }
        if (completed != null) {
            return describe(completed).map(t -> "Done: \"" + t.title() + "\".").orElse(null);
        }
        if (reassigned != null && reassigned.matches("\\d{1,9}")) {
            return "Reassigned " + reassigned + " open task" + ("1".equals(reassigned) ? "" : "s") + ".";
        }
        return null;
    }

    private Optional<TaskView> describe(String id) {
        try {
            return Optional.of(tracker.get(UUID.fromString(id)));
        } catch (IllegalArgumentException | TaskNotFoundException e) {
            return Optional.empty();
        }
    }

    private static int pageNumber(String page) {
        try {
            return ListQuery.parse(null, page, null).page();
        } catch (InvalidRequestException e) {
            return 0;
        }
    }

    private static Optional<TaskStatus> status(String status) {
        try {
            return ListQuery.parse(status, null, null).status();
        } catch (InvalidRequestException e) {
            return Optional.empty();
        }
    }
}
