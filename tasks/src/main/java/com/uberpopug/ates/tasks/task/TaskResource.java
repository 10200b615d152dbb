package com.uberpopug.ates.tasks.task;

import com.uberpopug.ates.platform.api.Problem;
import com.uberpopug.ates.platform.security.Caller;
import com.uberpopug.ates.platform.security.Roles;
import com.uberpopug.ates.tasks.api.ListQuery;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** The tasks API (requirements T3–T6 in docs/architecture.md): thin; the rules live in {@link TaskTracker} and {@link TaskReassignment}. */
@Path("/api/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "Create tasks, see them, complete your own; managers and admins reshuffle")
@APIResponse(responseCode = "401", description = "No valid access token")
public class TaskResource {

    static final String TOTAL_COUNT = "X-Total-Count";

    private final TaskTracker tracker;
    private final TaskReassignment reassignment;
    private final Caller caller;

    TaskResource(TaskTracker tracker, TaskReassignment reassignment, Caller caller) {
        this.tracker = tracker;
        this.reassignment = reassignment;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a task",
            description = "Anyone may create a task. It starts open and goes to a random employee who is neither a "
                    + "manager nor an admin. The Jira id has its own field: a title with '[' or ']' is refused.")
    @APIResponse(
            responseCode = "201",
            description = "The task, assigned; Location names it",
            headers = @Header(name = "Location", description = "/api/tasks/{id}"),
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(
            responseCode = "400",
            description =
                    "Blank title, a title with the Jira id in brackets, a malformed " + "Jira id or a field too long",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "Nobody the task may be assigned to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<TaskView>> create(NewTask task, UriInfo uri) {
        if (task == null) {
            throw new InvalidTaskException(List.of("a JSON body {\"title\", \"jiraId\", \"description\"} is required"));
        }
        URI tasks = uri.getBaseUriBuilder().path("api/tasks").build();
        // The body is read on the event loop (a Uni endpoint); the transaction runs on a worker thread. A blocking
        // endpoint would read its body through a blocking stream handed over from the event loop, which measured
        // as an eighth of the CPU of creating a task.
        return Uni.createFrom()
                .item(() -> tracker.create(task))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(created -> RestResponse.ResponseBuilder.<TaskView>created(URI.create(tasks + "/" + created.id()))
                        .entity(created)
                        .build());
    }

    @GET
    @Operation(
            summary = "List all tasks",
            description = "Newest first, a page at a time (pages count from 0). "
                    + "The header X-Total-Count says how many tasks match.")
    @APIResponse(
            responseCode = "200",
            description = "A page of tasks",
            headers = @Header(name = TOTAL_COUNT, description = "how many tasks match, on all pages"),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = TaskView.class)))
    @APIResponse(
            responseCode = "400",
            description = "An unknown status or a page or size out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<List<TaskView>> all(
            @Parameter(description = "OPEN or DONE; both when left out") @RestQuery String status,
            @Parameter(description = "page number, from 0 (default 0)") @RestQuery String page,
            @Parameter(description = "tasks per page, 1 to 1000 (default 50)") @RestQuery String size) {
        ListQuery query = ListQuery.parse(status, page, size);
        return withTotal(tracker.all(query.status(), query.page(), query.size()));
    }

    @GET
    @Path("/mine")
    @Operation(
            summary = "List my tasks",
            description = "The tasks assigned to the caller: open ones first, then "
                    + "newest first, a page at a time. The header X-Total-Count says how many match.")
    @APIResponse(
            responseCode = "200",
            description = "A page of the caller's tasks",
            headers = @Header(name = TOTAL_COUNT, description = "how many tasks match, on all pages"),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = TaskView.class)))
    @APIResponse(
            responseCode = "400",
            description = "An unknown status or a page or size out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<List<TaskView>> mine(
            @Parameter(description = "OPEN or DONE; both when left out") @RestQuery String status,
            @Parameter(description = "page number, from 0 (default 0)") @RestQuery String page,
            @Parameter(description = "tasks per page, 1 to 1000 (default 50)") @RestQuery String size) {
        ListQuery query = ListQuery.parse(status, page, size);
        return withTotal(tracker.assignedTo(caller.id(), query.status(), query.page(), query.size()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a task")
    @APIResponse(
            responseCode = "200",
            description = "The task",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No task has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TaskView get(@RestPath String id) {
        return tracker.get(taskId(id));
    }

    @POST
    @Path("/{id}/complete")
    @Operation(summary = "Complete my task", description = "Only the assignee can mark a task done.")
    @APIResponse(
            responseCode = "200",
            description = "The task, done",
            content =
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TaskView.class)))
    @APIResponse(
            responseCode = "403",
            description = "The task is someone else's",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No task has this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The task is done already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TaskView complete(@RestPath String id) {
        return tracker.complete(taskId(id), caller.id());
    }

    @POST
    @Path("/reassign")
    @RolesAllowed({Roles.MANAGER, Roles.ADMIN})
    @Operation(
            summary = "Reassign every open task",
            description = "Managers and admins only. Each open task goes "
                    + "to a random employee who is neither a manager nor an admin (each move is charged as an assignment); "
                    + "done tasks stay where they are. All or nothing: every open task moves, or none does. May be pressed any "
                    + "number of times.")
    @APIResponse(
            responseCode = "200",
            description = "How many open tasks were reassigned",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReassignResult.class)))
    @APIResponse(
            responseCode = "403",
            description = "The caller is neither a manager nor an admin",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "There are open tasks and nobody to give them to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "The reshuffle failed part-way and was rolled back as a whole: "
                    + "no task moved; pressing it again is safe",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReassignResult reassign() {
        return new ReassignResult(reassignment.reassignOpenTasks());
    }

    private static RestResponse<List<TaskView>> withTotal(TaskPage page) {
        return RestResponse.ResponseBuilder.ok(page.tasks())
                .header(TOTAL_COUNT, page.total())
                .build();
    }

    /** A path that is not a task id names no task: 404, like an unknown id. */
    static UUID taskId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new TaskNotFoundException(id);
        }
    }
}
