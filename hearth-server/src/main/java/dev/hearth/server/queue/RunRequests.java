package dev.hearth.server.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.Cancellation;
import dev.hearth.engine.RunMetadata;
import dev.hearth.engine.RunRequest;
import dev.hearth.server.store.Delivery;
import dev.hearth.server.store.Store;
import dev.hearth.server.store.StoredRun;
import dev.hearth.workflow.event.Event;
import dev.hearth.workflow.event.InputResolver;
import dev.hearth.workflow.model.Workflow;
import dev.hearth.workflow.parse.ParseResult;
import dev.hearth.workflow.plan.Planner;
import dev.hearth.workflow.plan.RunPlan;
import dev.hearth.workflow.source.WorkflowError;
import dev.hearth.workflow.source.WorkflowSyntaxException;
import java.io.IOException;
import dev.hearth.server.source.Mirrors;
import dev.hearth.server.source.SourceException;
import dev.hearth.server.source.SourceRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Makes the engine's {@link RunRequest} for a stored run: the workflow parsed again from the run's
 * checkout and planned for the delivery's event, the checkout as the workspace, the configured
 * secrets (none for a fork's pull request), the inputs of a {@code workflow_dispatch}.
 */
final class RunRequests {
  /** The run cannot be made (its workflow became invalid, its delivery or checkout is gone). */
  static final class Unplannable extends Exception {
    Unplannable(String message) {
      super(message);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Map<String, String> secrets;
  private final Mirrors mirrors;

  RunRequests(Store store, Map<String, String> secrets, Mirrors mirrors) {
    this.store = store;
    this.secrets = Map.copyOf(secrets);
    this.mirrors = mirrors;
  }

  RunRequest of(StoredRun run, RunListeners listeners, Cancellation cancellation) throws Unplannable {
    Delivery delivery = store.delivery(run.deliveryId())
        .orElseThrow(() -> new Unplannable("its delivery " + run.deliveryId() + " is not in the store"));
    JsonNode payload;
    try {
      payload = JSON.readTree(delivery.payload());
    } catch (IOException e) {
      throw new Unplannable("its delivery's payload cannot be read: " + e.getMessage());
    }
    Path checkout = Path.of(run.checkout());
    if (!Files.isDirectory(checkout)) restore(run, payload, checkout);
    ParseResult parsed = CommitWorkflows.parse(checkout, run.workflowFile());
    if (!parsed.isValid()) throw new Unplannable(render(parsed.errors().iterator()));
    Workflow workflow = parsed.workflow();
    Event event = Event.fromPayload(run.event(), payload);
    Map<String, JsonNode> inputs = Map.of();
    if (run.event().equals("workflow_dispatch") && workflow.on().workflowDispatch().isPresent()) {
      Map<String, String> given = new HashMap<>();
      payload.path("inputs").fields().forEachRemaining(f -> given.put(f.getKey(), f.getValue().asText()));
      InputResolver.Resolved resolved = InputResolver.dispatch(workflow.on().workflowDispatch().get(), given);
      if (!resolved.ok()) throw new Unplannable(String.join("; ", resolved.errors()));
      inputs = resolved.values();
    }
    try {
      RunMetadata metadata = RunMetadata.fromEvent(event);
      metadata = metadata.with(metadata.repository(), run.sha(), metadata.actor());
      RunPlan plan = Planner.plan(workflow, event);
      return RunRequest.builder(String.valueOf(run.id()), plan)
          .repository(checkout)
          .metadata(metadata)
          .secrets(run.fork() ? Map.of() : secrets)
          .inputs(inputs)
          .listener(listeners.forRun(run, plan, payload))
          .cancellation(cancellation)
          .build();
    } catch (WorkflowSyntaxException e) {
      throw new Unplannable(render(e.errors().iterator()));
    }
  }

  /** Checks the run's commit out again (a re-run's checkout is made when it starts). */
  private void restore(StoredRun run, JsonNode payload, Path checkout) throws Unplannable {
    SourceRequest source = Payloads.source(run.event(), payload);
    try {
      mirrors.checkoutAt(source, run.sha(), checkout);
    } catch (SourceException e) {
      throw new Unplannable("its commit cannot be checked out again: " + e.getMessage());
    }
  }

  private static String render(Iterator<WorkflowError> errors) {
    Iterable<WorkflowError> it = () -> errors;
    return java.util.stream.StreamSupport.stream(it.spliterator(), false).map(WorkflowError::render)
        .collect(Collectors.joining("; "));
  }
}
