package dev.hearth.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.workflow.expr.EvaluationContext;
import dev.hearth.workflow.expr.Evaluator;
import dev.hearth.workflow.expr.ExpressionException;
import dev.hearth.workflow.expr.ExpressionParser;
import dev.hearth.workflow.expr.ExpressionScope;
import dev.hearth.workflow.expr.RunStatus;
import dev.hearth.workflow.expr.Template;
import dev.hearth.workflow.expr.Value;
import dev.hearth.workflow.expr.Values;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hearth eval}: evaluates one expression and prints its value as JSON. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates an expression as GitHub would and prints its value as JSON.",
      "EXPR is a bare expression (github.ref == 'refs/heads/main'), or text with ${{ }} parts,",
      "which is interpolated into a string as in a workflow value.",
      "Exit status: 0 with the value printed, 2 for a syntax or evaluation error."
    })
final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "EXPR", description = "The expression.")
  String expression;

  @Option(names = "--context", paramLabel = "FILE.json",
      description = "A JSON object whose fields are the contexts: github, env, vars, matrix, steps, needs, "
          + "inputs, job, runner, secrets, strategy.")
  Path contextFile;

  @Option(names = "--status", paramLabel = "STATUS", defaultValue = "success",
      description = "What success(), failure() and cancelled() report: success, failure or cancelled (default: ${DEFAULT-VALUE}).")
  String status;

  @Option(names = "--workspace", paramLabel = "DIR", description = "The directory hashFiles() reads (default: .).")
  Path workspace = Path.of(".");

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    EvaluationContext context;
    try {
      context = context();
    } catch (IllegalArgumentException e) {
      err.println("hearth eval: " + e.getMessage());
      return 2;
    }
    try {
      Value value = evaluate(context);
      out.println(Values.toJsonText(value));
      return 0;
    } catch (ExpressionException e) {
      err.println("hearth eval: " + e.getMessage());
      if (e.column() > 0 && !expression.contains("\n")) {
        err.println("  " + expression);
        err.println("  " + " ".repeat(columnInInput(e)) + "^");
      }
      return 2;
    }
  }

  private Value evaluate(EvaluationContext context) throws ExpressionException {
    if (expression.contains("${{")) {
      return Template.parse(expression).evaluate(ExpressionScope.ANY, context);
    }
    return Evaluator.evaluate(ExpressionParser.parse(expression, ExpressionScope.ANY), context);
  }

  /** Where the caret goes under the user's input: the error's column, for a bare expression. */
  private int columnInInput(ExpressionException e) {
    int inExpression = e.column() - 1;
    if (!expression.contains("${{")) return Math.min(inExpression, expression.length());
    int at = expression.indexOf(e.expression());
    return at < 0 ? 0 : Math.min(at + inExpression, expression.length());
  }

  private EvaluationContext context() throws IOException {
    RunStatus runStatus = switch (status.toLowerCase(java.util.Locale.ROOT)) {
      case "success" -> RunStatus.SUCCESS;
      case "failure" -> RunStatus.FAILURE;
      case "cancelled" -> RunStatus.CANCELLED;
      default -> throw new IllegalArgumentException(
          "--status must be success, failure or cancelled, not '" + status + "'");
    };
    EvaluationContext base = contextFile == null ? EvaluationContext.empty() : EvaluationContext.fromJson(readJson());
    return base.withStatus(runStatus).withWorkspace(workspace.toAbsolutePath());
  }

  private JsonNode readJson() throws IOException {
    if (!Files.isRegularFile(contextFile)) {
      throw new IllegalArgumentException(contextFile + ": no such file");
    }
    try {
      return new ObjectMapper().readTree(contextFile.toFile());
    } catch (JacksonException e) {
      var loc = e.getLocation();
      String where = loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      throw new IllegalArgumentException(contextFile + where + ": not valid JSON: " + e.getOriginalMessage());
    }
  }
}
